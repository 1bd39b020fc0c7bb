package dev.firedrill.release;

import dev.firedrill.StepFailure;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs alembic as the runbooks do, {@code docker compose run --rm migrations alembic <command>}: a one-off container
 * of the migrations service's image on the system's network, with that service's environment. When the service sets no
 * {@code DATABASE_URL}, the one-off gets one built from the database service's settings ({@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}, {@code POSTGRES_DB}), reaching it by its name as the system's own services do.
 */
final class MigrationRunner {

    /** How {@code alembic current} reads when the database carries no revision (alembic's own word for below the first). */
    static final String BASE = "base";
    static final String DATABASE_URL = "DATABASE_URL";

    private static final Pattern CURRENT = Pattern.compile("^([0-9A-Za-z_]+)((?: \\([a-z ]+\\))*)\\s*$", Pattern.MULTILINE);
    private static final Pattern ERROR = Pattern.compile("^(FAILED: .*|[A-Za-z_.]*(?:Error|Exception): .*)$", Pattern.MULTILINE);

    private final SystemUnderTest system;
    private final String service;
    private final String database;

    MigrationRunner(SystemUnderTest system, String service, String database) {
        this.system = system;
        this.service = service;
        this.database = database;
    }

    /** Checks, acting on nothing, that a one-off can run {@code service}'s image and {@code database} is a PostgreSQL service. */
    static void validate(SystemUnderTest system, String service, String database, String step) {
        OneOffs oneOffs = system.require(OneOffs.class, step);
        if (!oneOffs.services().contains(service)) {
            throw new IllegalArgumentException(step + ": " + system.describe() + " has no service '" + service + "' whose image a"
                    + " one-off can run; declare one whose image carries the alembic project, e.g. a Compose service '" + service
                    + "' with profiles: [tools] (docs/releases.md); its services: " + new TreeSet<>(oneOffs.services()));
        }
        system.requireProtocol(database, "postgres", step);
    }

    /** The one-off's environment: the service's own, plus a DATABASE_URL to the database unless it sets one. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(system.environment(service));
        if (env.getOrDefault(DATABASE_URL, "").isBlank()) {
            Map<String, String> db = system.environment(database);
            String user = db.getOrDefault("POSTGRES_USER", "postgres");
            int port = system.ports(database).isEmpty() ? 5432 : system.ports(database).get(0);
            env.put(DATABASE_URL, "postgresql://" + user + ":" + db.getOrDefault("POSTGRES_PASSWORD", "") + "@" + database + ":" + port
                    + "/" + db.getOrDefault("POSTGRES_DB", user));
        }
        return env;
    }

    /** Runs {@code alembic <args>} to completion, within {@code timeout}. */
    OneOff.Result alembic(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("alembic"));
        command.addAll(List.of(args));
        OneOff oneOff = new OneOff(service, null, environment(), Map.of(), command, timeout);
        return system.require(OneOffs.class, "alembic " + String.join(" ", args)).run(oneOff);
    }

    /** The database's revision ({@code alembic current}), {@link #BASE} when it carries none; a failure names alembic's error. */
    String current() {
        OneOff.Result result = alembic(Duration.ofMinutes(2), "current");
        if (!result.succeeded()) {
            throw new StepFailure("alembic current failed (exit " + result.exitCode() + "): " + error(result.output()), result.output());
        }
        return revisionIn(result.output());
    }

    /** The revision chain ({@code alembic history}). */
    MigrationHistory history() {
        OneOff.Result result = alembic(Duration.ofMinutes(2), "history");
        if (!result.succeeded()) {
            throw new StepFailure("alembic history failed (exit " + result.exitCode() + "): " + error(result.output()), result.output());
        }
        return MigrationHistory.parse(result.output());
    }

    /** The newest revision ({@code alembic heads}). */
    String head() {
        OneOff.Result result = alembic(Duration.ofMinutes(2), "heads");
        if (!result.succeeded()) {
            throw new StepFailure("alembic heads failed (exit " + result.exitCode() + "): " + error(result.output()), result.output());
        }
        return revisionIn(result.output());
    }

    /** The revision {@code alembic current} (or {@code heads}) printed among its log lines; {@link #BASE} when none. */
    static String revisionIn(String output) {
        Matcher m = CURRENT.matcher(output);
        String found = BASE;
        while (m.find()) {
            found = m.group(1);
        }
        return found;
    }

    /** The line of alembic's output that says what went wrong: its FAILED line or the exception, else the last line. */
    static String error(String output) {
        Matcher m = ERROR.matcher(output);
        String found = null;
        while (m.find()) {
            found = m.group(1).strip();
        }
        if (found != null) {
            return found;
        }
        List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    /** The last {@code n} lines of {@code output}. */
    static String tail(String output, int n) {
        List<String> lines = output.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
