package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Marker;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.firedrill.recovery.SystemParts.files;
import static dev.firedrill.recovery.SystemParts.oneOffs;
import static dev.firedrill.recovery.SystemParts.processes;

/**
 * The restore of runbook 004 with pgBackRest ({@code §PITR}): the damaged server and its data volume removed (if the
 * disaster left anything), {@code pgbackrest restore} of the latest backup set into a fresh, empty data directory, in a
 * one-off container of the server's image with the repository mounted; then the server started on it, and waited for
 * until it answers as a primary. With {@code type} {@code default} pgBackRest writes {@code restore_command =
 * 'pgbackrest archive-get'} and the server replays every archived WAL segment before it promotes itself: the procedure.
 * With {@code immediate} the replay stops as soon as the backup is consistent and the server is promoted there: the backup
 * alone, the archive left unused (a can-fail variant's mistake).
 *
 * <p>Before the restore, the repository says what was archived when the disaster struck: its newest WAL segment, when it
 * was pushed (the file's time in the repository) and the last commit it holds ({@code pg_waldump} of the segment fetched
 * with {@code pgbackrest archive-get}). That commit is the recovery point: every write acknowledged before it is in the
 * archive, every one committed after it is not. It is marked {@code recovery-point}; the archive lag (the disruption minus
 * the time the newest segment was pushed, and minus that commit) is noted as {@code archive-lag}.
 *
 * @param service the PostgreSQL service, running the pgBackRest image, its repository on a volume that survives destroy
 * @param type    pgBackRest's restore type: {@code default} (replay the whole archive) or {@code immediate} (the backup alone)
 */
record PgBackRestRestore(String service, String type) implements Recovery {

    static final List<String> TYPES = List.of("default", "immediate");
    /** The timeline note with the archive's lag at the disaster. */
    static final String LAG_NOTE = "archive-lag";
    private static final Duration RESTORE_BOUND = Duration.ofMinutes(5);
    private static final Duration READY_BOUND = Duration.ofMinutes(3);
    /** How many of the newest archived segments are read back for the last commit (an idle segment holds none). */
    private static final int SEGMENTS_READ = 4;

    /**
     * Reads the repository for {@code $STANZA}: the newest segments archived (name and push time), and in them, newest
     * first, the last COMMIT record ({@code pg_waldump} of a copy fetched with {@code archive-get}, which needs a
     * pg_control: run after the restore). Prints {@code SEGMENT <name> <epoch seconds>} and {@code WALDUMP <line>}.
     */
    static final String READ_ARCHIVE = String.join("\n",
            "set +e -uo pipefail   # pg_waldump exits 1 at the end of a segment's records: read its output, not its status",
            "segments=$(find \"$REPO/archive/$STANZA\" -type f -name '0*-*' ! -name '*.partial*' -printf '%T@ %f\\n' | sort -k2 -r | head -n \"$SEGMENTS\")",
            "[ -n \"$segments\" ] || { echo \"the repository holds no archived WAL segment of stanza $STANZA\" >&2; exit 3; }",
            "dir=$(mktemp -d)",
            "while read -r at file; do",
            "  seg=${file:0:24}",
            "  echo \"SEGMENT $seg $at\"",
            "  pgbackrest --stanza=\"$STANZA\" --log-level-console=warn archive-get \"$seg\" \"$dir/$seg\" || exit 4",
            "  commits=$(pg_waldump \"$dir/$seg\" 2>/dev/null | grep -o 'COMMIT [0-9-]* [0-9:.]* UTC' | tail -n 1)",
            "  if [ -n \"$commits\" ]; then echo \"WALDUMP $commits\"; break; fi",
            "done <<< \"$segments\"");

    /** {@code pgbackrest restore} of the latest backup set into the empty {@code $PGDATA}, then {@link #READ_ARCHIVE}. */
    static final String RESTORE = String.join("\n",
            "set -euo pipefail",
            "if [ -n \"$(ls -A \"$PGDATA\")\" ]; then echo \"$PGDATA is not empty: a restore needs a fresh data directory\" >&2; exit 2; fi",
            "pgbackrest --stanza=\"$STANZA\" --type=\"$TYPE\" $TARGET_ACTION restore",
            READ_ARCHIVE);

    PgBackRestRestore {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("pgbackrest-restore names the PostgreSQL service it restores (target), e.g. postgres");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("pgbackrest-restore(" + service + "): type must be one of " + TYPES
                    + " (default: replay every archived WAL segment; immediate: the backup alone), got '" + type + "'");
        }
    }

    /** The kind {@code pgbackrest-restore}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("pgbackrest-restore", "pgbackrest restore of the latest backup set into a fresh data"
                            + " directory, then the server started and waited for as a primary; marks recovery-point at the last commit"
                            + " the repository's archive holds, and notes the archive lag at the disruption").target()
                    .param(Param.choice("type", false, "default", TYPES, "pgBackRest's restore type: default replays every archived WAL"
                            + " segment (the procedure); immediate stops once the backup is consistent: the backup alone (a can-fail"
                            + " variant's mistake)"))
                    .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                    .build(a -> new PgBackRestRestore(a.target(), a.text("type"))));
        }
    }

    /** What the repository said of its archive: the newest segment, when it was pushed, and the last commit it holds. */
    record Archive(String segment, Instant pushedAt, Optional<Instant> lastCommit) {

        /** Parses {@link #READ_ARCHIVE}'s {@code SEGMENT} and {@code WALDUMP} lines; the first SEGMENT is the newest. */
        static Archive parse(String output) {
            String segment = null;
            Instant pushed = null;
            for (String line : output.lines().toList()) {
                if (line.startsWith("SEGMENT ") && segment == null) {
                    String[] parts = line.split(" ");
                    segment = parts[1];
                    BigDecimal seconds = new BigDecimal(parts[2]);
                    pushed = Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
                }
            }
            if (segment == null) {
                throw new IllegalStateException("the repository lists no archived WAL segment: " + output.strip());
            }
            return new Archive(segment, pushed, PgBackRest.lastCommit(output));
        }
    }

    @Override
    public Optional<RestoreTarget> restoresInto() {
        return Optional.of(new RestoreTarget(service, "a new container under the same name with a new, empty data volume filled by"
                + " pgbackrest restore (" + type + "); the damaged server and its data volume were destroyed first, the repository kept"));
    }

    @Override
    public String name() {
        return type.equals("default") ? "pgbackrest restore(" + service + ")" : "pgbackrest restore --type=" + type + "(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class, ServiceFiles.class, ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        return run(system, null);
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        String repo = steps.run("find the repository", () -> files(system).volumeOf(service, PgBackRest.REPO));
        PgBackRest.Info info = steps.run("pgbackrest info", () -> stanza(system, repo));
        if (info.backups().isEmpty()) {
            throw steps.fail("pgbackrest info", "stanza " + info.stanza() + " holds no backup set to restore");
        }
        PgBackRest.BackupSet latest = info.backups().get(info.backups().size() - 1);

        long fillStart = System.nanoTime();
        String output = steps.run("pgbackrest restore into a fresh data directory", () -> {
            processes(system).destroy(service);   // the damaged server, if any is left, and its data volume; not the repository
            String data = files(system).volumeOf(service, PgBackRest.DATA);
            OneOff.Result restore = oneOffs(system).run(OneOff.of(service, "bash", "-c", RESTORE)
                    .asUser("postgres")
                    .withEnv(Map.of("PGDATA", PgBackRest.DATA, "STANZA", info.stanza(), "TYPE", type, "REPO", PgBackRest.REPO,
                            "SEGMENTS", String.valueOf(SEGMENTS_READ),
                            "TARGET_ACTION", type.equals("immediate") ? "--target-action=promote" : ""))
                    .withVolume(data, PgBackRest.DATA)
                    .withVolume(repo, PgBackRest.REPO)
                    .within(RESTORE_BOUND));
            if (!restore.succeeded()) {
                throw new IllegalStateException("exited " + restore.exitCode() + ": " + restore.output().strip());
            }
            return restore.output();
        });
        long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;
        Archive archive = steps.run("read what the archive held", () -> Archive.parse(output));
        String lag = timeline == null ? "" : "; " + mark(timeline, archive);

        long startBegin = System.nanoTime();
        steps.act("start the server", () -> processes(system).recreate(service));
        String ready = steps.run("await the end of recovery", () -> awaitPrimary(system, startBegin));
        long startMillis = (System.nanoTime() - startBegin) / 1_000_000;
        return "restored " + latest.type() + " backup " + latest.label() + " of stanza " + info.stanza() + " (--type=" + type
                + ", restore " + fillMillis + " ms; " + PgBackRest.infoLine(output, "restore backup set") + "); archive up to "
                + archive.segment() + " pushed at " + archive.pushedAt() + ", its last commit "
                + archive.lastCommit().map(Instant::toString).orElse("(none found)") + lag + "; server ready in " + startMillis
                + " ms: " + ready;
    }

    /** The repository's one stanza (pgbackrest info in a one-off: the server may be gone). */
    private PgBackRest.Info stanza(SystemUnderTest system, String repo) {
        OneOff.Result r = oneOffs(system).run(OneOff.of(service, "pgbackrest", "info", "--output=json")
                .asUser("postgres").withVolume(repo, PgBackRest.REPO));
        if (!r.succeeded()) {
            throw new IllegalStateException("pgbackrest info exited " + r.exitCode() + ": " + r.output().strip());
        }
        List<PgBackRest.Info> stanzas = PgBackRest.parseInfo(r.output());
        if (stanzas.size() != 1) {
            throw new IllegalStateException("the repository must hold exactly one stanza to restore, it holds "
                    + stanzas.stream().map(PgBackRest.Info::stanza).toList());
        }
        return stanzas.get(0);
    }

    /** Marks recovery-point at the archive's last commit and notes the lag at the disruption; returns what it noted. */
    private String mark(Timeline timeline, Archive archive) {
        TimePoint now = timeline.clock().now();
        Optional<TimePoint> disruption = timeline.first(Marker.DISRUPTION);
        String lag = disruption.map(d -> "archive lag at the disruption " + millis(Duration.between(archive.pushedAt(), d.wall()))
                        + " (the newest segment pushed), " + archive.lastCommit().map(c -> millis(Duration.between(c, d.wall()))
                        + " since its last commit").orElse("no commit in it"))
                .orElse("no disruption marked: archive lag not measured");
        timeline.note(LAG_NOTE, "segment " + archive.segment() + " pushed at " + archive.pushedAt() + "; " + lag);
        archive.lastCommit().ifPresent(c -> timeline.mark(Marker.RECOVERY_POINT, "the last commit the WAL archive held (segment "
                + archive.segment() + ")", TimePoint.atWall(c, now)));
        return lag;
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /** Waits until the restored server answers and is out of recovery (promoted at the end of the archive or the backup). */
    private String awaitPrimary(SystemUnderTest system, long start) {
        PostgresLogin login = PostgresLogin.of(system, service);
        String last = "(no answer)";
        while (System.nanoTime() - start < READY_BOUND.toNanos()) {
            if (!processes(system).isRunning(service)) {
                throw new IllegalStateException(service + " stopped during recovery; its log ends: "
                        + PointInTimeRestore.tail(processes(system).logs(service)));
            }
            try (Connection c = login.connect(system, service); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()")) {
                rs.next();
                java.sql.Timestamp replayed = rs.getTimestamp(2);
                if (!rs.getBoolean(1)) {
                    return "a primary; last replayed commit " + (replayed == null ? "(none)" : replayed.toInstant());
                }
                last = "in recovery, replayed commits up to " + replayed;
            } catch (SQLException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(service + " not a primary within " + READY_BOUND + "; last: " + last + "; its log ends: "
                + PointInTimeRestore.tail(processes(system).logs(service)));
    }
}
