package dev.firedrill.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceCommands;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.firedrill.recovery.SystemParts.commands;

/**
 * pgBackRest as runbook 004 runs it for continuous protection (images/pgbackrest, drills/stacks/pgbackrest.yml): the
 * server archives every WAL segment with {@code archive_command = 'pgbackrest --stanza=<name> archive-push %p'} into
 * the repository, a volume at {@link #REPO} that outlives the database; backups ({@code pgbackrest backup}) run on the
 * database's host, restores ({@code pgbackrest restore}) into an empty data directory. The image's configuration names
 * the repository; the stanza is named on every command, the one the server's {@code archive_command} names.
 */
final class PgBackRest {

    /** Where the repository is mounted (repo1-path of the image's pgbackrest.conf). */
    static final String REPO = "/var/lib/pgbackrest";
    /** The cluster's data directory (pg1-path, from the image's environment). */
    static final String DATA = "/var/lib/postgresql/data";

    private static final Pattern STANZA = Pattern.compile("--stanza[= ]([A-Za-z0-9_.-]+)");
    private static final Pattern COMMIT = Pattern.compile("COMMIT (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) UTC");
    private static final DateTimeFormatter WALDUMP_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One backup set in the repository, oldest first as {@code pgbackrest info} lists them. */
    record BackupSet(String label, String type) {
    }

    /** What {@code pgbackrest info --output=json} says of one stanza: its backup sets and the newest WAL segment archived. */
    record Info(String stanza, List<BackupSet> backups, String archiveMax) {

        /** How many full backups the repository holds. */
        long fulls() {
            return backups.stream().filter(b -> b.type().equals("full")).count();
        }
    }

    private PgBackRest() {
    }

    /**
     * The stanza a server archives into, from its {@code archive_command}; fails naming the command when it does not push
     * its WAL with pgBackRest.
     */
    static String stanzaOf(String archiveCommand) {
        String command = archiveCommand == null ? "" : archiveCommand.strip();
        if (!command.contains("pgbackrest") || !command.contains("archive-push")) {
            throw new IllegalStateException("archive_command does not push WAL with pgBackRest (expected 'pgbackrest --stanza=<name>"
                    + " archive-push %p'), it is '" + command + "'");
        }
        Matcher m = STANZA.matcher(command);
        if (!m.find()) {
            throw new IllegalStateException("archive_command '" + command + "' names no stanza (--stanza=<name>)");
        }
        return m.group(1);
    }

    /** The stanzas of {@code pgbackrest info --output=json}, each with its backup sets and newest archived segment. */
    static List<Info> parseInfo(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.substring(Math.max(0, json.indexOf('['))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("pgbackrest info did not answer JSON: " + json.strip());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException("pgbackrest info did not answer a JSON list of stanzas: " + json.strip());
        }
        List<Info> stanzas = new ArrayList<>();
        for (JsonNode stanza : root) {
            List<BackupSet> sets = new ArrayList<>();
            for (JsonNode backup : stanza.path("backup")) {
                sets.add(new BackupSet(backup.path("label").asText(), backup.path("type").asText()));
            }
            String max = "";
            for (JsonNode archive : stanza.path("archive")) {
                String m = archive.path("max").asText("");
                if (m.compareTo(max) > 0) {
                    max = m;
                }
            }
            stanzas.add(new Info(stanza.path("name").asText(), List.copyOf(sets), max));
        }
        return stanzas;
    }

    /** The timestamp of the last COMMIT record in {@code pg_waldump}'s output, if any. */
    static Optional<Instant> lastCommit(String waldump) {
        Matcher m = COMMIT.matcher(waldump);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? Optional.empty() : Optional.of(LocalDateTime.parse(last, WALDUMP_TIME).toInstant(ZoneOffset.UTC));
    }

    /** The command line of one pgBackRest command on {@code stanza}, options after the stanza, e.g. {@code backup --type=full}. */
    static List<String> command(String stanza, String command, String... options) {
        List<String> line = new ArrayList<>(List.of("pgbackrest", "--stanza=" + stanza));
        line.addAll(List.of(options));
        line.add(command);
        return line;
    }

    /**
     * Runs a pgBackRest command on the database's host (inside the service, as the postgres user, as the runbook's
     * cron job does) and returns its output; fails naming the command, its exit code and what it said.
     */
    static String onHost(SystemUnderTest system, String service, List<String> command) {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        line.addAll(command);
        ServiceCommands.CommandResult r = commands(system).exec(service, line.toArray(String[]::new));
        String output = (r.stdout() + r.stderr()).strip();
        if (!r.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ": " + output);
        }
        return output;
    }

    /** The last INFO line of pgBackRest's output that contains {@code marker}, without its time stamp; empty when none. */
    static String infoLine(String output, String marker) {
        return output.lines().filter(l -> l.contains(marker)).reduce((a, b) -> b)
                .map(l -> l.contains("INFO: ") ? l.substring(l.indexOf("INFO: ") + 6) : l.strip()).orElse("");
    }
}
