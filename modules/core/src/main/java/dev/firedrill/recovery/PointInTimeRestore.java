package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.OneOffs;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.OneOff;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Point-in-time recovery into a fresh server (seed 004 §Point-in-Time Recovery): the damaged server's
 * current WAL segment is archived ({@code pg_switch_wal()}, awaited in {@code pg_stat_archiver}) and the
 * server stopped (taken out of service); the server {@code into} is stopped, its data directory emptied
 * and filled from the latest base backup ({@link BaseBackup}), with {@code recovery.signal},
 * {@code restore_command} reading the archive, {@code recovery_target_time} = the recorded target
 * ({@link RecoveryTarget}) and {@code recovery_target_action = promote}; then started, and the WAL replay
 * timed until it is promoted. Repointing the service to it is {@link Recoveries#repoint}.
 *
 * <p>Before the fresh server starts, the archive is checked for a gap (every segment from the base backup's
 * start to the last archived one). When any step after stopping the damaged server fails, the damaged server
 * is started again (the service degraded rather than down) and the error names the step, the cause and that.
 *
 * @param replay how far the archived WAL is replayed: to the recorded target (the procedure), or one of the two
 *               mistakes of "can fail" variants (the whole archive, bad change included; or no archive at all)
 */
record PointInTimeRestore(String service, String into, Replay replay) implements Recovery {

    /** How far the restore replays the archived WAL. */
    enum Replay {
        /** Up to {@code recovery_target_time}, the recorded target: the procedure. */
        TO_TARGET,
        /** The whole archive, so the bad change comes back with the data. */
        WHOLE_ARCHIVE,
        /**
         * None: the base backup alone (with the WAL it streamed), started as a primary, so every write between
         * the end of the backup and the target is lost.
         */
        NONE
    }

    static final String DATA = "/var/lib/postgresql/data";
    static final String ARCHIVE = "/wal-archive";
    /** How PostgreSQL reads a recovery_target_time (it rejects ISO 8601's T and Z there). */
    static final java.time.format.DateTimeFormatter SQL_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(java.time.ZoneOffset.UTC);
    private static final Duration REPLAY_BOUND = Duration.ofMinutes(3);

    private static final String FILL = String.join("\n",
            "set -euo pipefail",
            "find \"$PGDATA\" -mindepth 1 -delete",
            "tar -xf \"/backups/$BASE/base.tar\" -C \"$PGDATA\"",
            "tar -xf \"/backups/$BASE/pg_wal.tar\" -C \"$PGDATA/pg_wal\"",
            "chmod 700 \"$PGDATA\"",
            // The archive must hold every segment from the base backup's start to the last archived one (16 MB
            // segments, 256 per log file): a gap would end the replay early, before the target.
            "start=$(sed -n 's/^START WAL LOCATION: .*(file \\([0-9A-F]\\{24\\}\\))$/\\1/p' \"$PGDATA/backup_label\")",
            "tli=${start:0:8}",
            "last=$(ls \"$ARCHIVE\" | grep -E \"^${tli}[0-9A-F]{16}$\" | sort | tail -n 1 || true)",
            "if [ \"$REPLAY\" = NONE ]; then ls \"$ARCHIVE\" | grep -c -v -e '\\.part$' -e '\\.history$' || true; exit 0; fi",
            // An archive holding no segment of the timeline at all was lost whole: archiving copies at least the segment
            // the base backup ended in, so the replay could not go past the backup. Said as the gap it is, before any start.
            "if [ -n \"$start\" ] && [ -z \"$last\" ]; then",
            "  echo \"the WAL archive has a gap: segment $start is missing, and every later one (the archive holds no segment of timeline $tli)\" >&2; exit 3",
            "fi",
            "if [ -n \"$start\" ] && [ -n \"$last\" ]; then",
            "  for ((n = 16#${start:8:8} * 256 + 16#${start:16:8}; n <= 16#${last:8:8} * 256 + 16#${last:16:8}; n++)); do",
            "    f=$(printf '%s%08X%08X' \"$tli\" $((n / 256)) $((n % 256)))",
            "    if [ ! -f \"$ARCHIVE/$f\" ] && [ ! -f \"$PGDATA/pg_wal/$f\" ]; then",
            "      echo \"the WAL archive has a gap: segment $f is missing (the replay needs every segment from the base backup's $start to the last archived $last)\" >&2; exit 3",
            "    fi",
            "  done",
            "fi",
            "touch \"$PGDATA/recovery.signal\"",
            "{ echo \"restore_command = 'cp $ARCHIVE/%f %p'\"; echo \"recovery_target_action = 'promote'\";",
            "  if [ -n \"$TARGET\" ]; then echo \"recovery_target_time = '$TARGET'\"; fi; } >> \"$PGDATA/postgresql.auto.conf\"",
            "ls \"$ARCHIVE\" | grep -c -v -e '\\.part$' -e '\\.history$' || true");

    @Override
    public java.util.Optional<RestoreTarget> restoresInto() {
        return java.util.Optional.of(new RestoreTarget(into,
                "a separate server beside the damaged one, with its own new data volume: base backup plus archived WAL replayed"));
    }

    @Override
    public String name() {
        return switch (replay) {
            case TO_TARGET -> "point-in-time restore(" + service + " into " + into + ")";
            case WHOLE_ARCHIVE -> "restore to the end of the archive(" + service + " into " + into + ")";
            case NONE -> "restore the base backup alone(" + service + " into " + into + ")";
        };
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class, ServiceFiles.class, OneOffs.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.requireService(into, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        Steps steps = new Steps(name());
        system.requireService(into, name());
        Instant target = replay == Replay.TO_TARGET ? steps.run("read the recovery target", () -> RecoveryTarget.recorded(system, service)) : null;
        String base = steps.run("find the base backup", () -> latestBase(system));
        String archived = steps.run("archive the last WAL of " + service, () -> archiveCurrentWal(system));
        steps.act("stop " + service, () -> processes(system).stop(service, Duration.ofSeconds(10)));
        try {
            return replay(steps, system, target, base) + "; " + archived;
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "; " + startAgain(system), e);
        }
    }

    /** Fills {@code into} and replays WAL into it; the damaged server is already stopped. */
    private String replay(Steps steps, SystemUnderTest system, Instant target, String base) {
        String segments = steps.run("fill a fresh data directory of " + into, () -> {
            processes(system).kill(into);
            OneOff.Result fill = oneOffs(system).run(OneOff.of(into, "bash", "-c", FILL)
                    .asUser("postgres")
                    .withEnv(Map.of("PGDATA", DATA, "BASE", base, "ARCHIVE", ARCHIVE, "REPLAY", replay.name(),
                            "TARGET", target == null ? "" : SQL_TIME.format(target)))
                    .withVolume(files(system).volumeOf(into, DATA), DATA)
                    .withVolume(files(system).volumeOf(into, ARCHIVE), ARCHIVE)
                    .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH)
                    .within(Duration.ofMinutes(5)));
            if (!fill.succeeded()) {
                throw new IllegalStateException("filling from " + base + " exited " + fill.exitCode() + ": " + fill.output().strip());
            }
            List<String> lines = fill.output().strip().lines().toList();
            return lines.isEmpty() ? "?" : lines.get(lines.size() - 1);
        });
        long start = System.nanoTime();
        steps.act("start " + into + " and replay WAL", () -> {
            try {
                processes(system).recreate(into);
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + "; its log ends: " + tail(processes(system).logs(into)), e);
            }
        });
        String replayed = steps.run("await the end of recovery", () -> awaitPromoted(system, start));
        long replayMillis = (System.nanoTime() - start) / 1_000_000;
        String how = switch (replay) {
            case TO_TARGET -> " and " + segments + " archived WAL segments to recovery_target_time " + target;
            case WHOLE_ARCHIVE -> " and " + segments + " archived WAL segments to the end of the archive";
            case NONE -> " alone (" + segments + " archived WAL segments left unused)";
        };
        return into + " restored from " + base + how + "; WAL replay " + replayMillis + " ms; " + replayed;
    }

    /** A restore that failed leaves the damaged server serving again, as it was before the procedure (degraded, not down). */
    private String startAgain(SystemUnderTest system) {
        try {
            processes(system).start(service);
            return service + " started again: the damaged server serves until a restore succeeds";
        } catch (RuntimeException e) {
            return service + " could not be started again either: " + e.getMessage();
        }
    }

    private static String latestBase(SystemUnderTest system) {
        OneOff.Result listing = oneOffs(system).run(OneOff.of("postgres", "ls", "-1", BackupStore.PATH)
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH));
        if (!listing.succeeded()) {
            throw new IllegalStateException("listing " + BackupStore.PATH + " exited " + listing.exitCode() + ": " + listing.output().strip());
        }
        return Arrays.stream(listing.output().split("\n")).map(String::strip)
                .filter(n -> n.contains("-base-") && !n.endsWith(".part")).sorted()
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no base backup in the backups volume; take one with Backups.base(...)"));
    }

    private String archiveCurrentWal(SystemUnderTest system) {
        try (Connection c = PostgresLogin.of(system, service).connect(system, service); Statement s = c.createStatement()) {
            return "WAL up to segment " + WalArchive.switchAndAwaitArchived(s).segment() + " archived";
        } catch (SQLException e) {
            throw new IllegalStateException(service + " does not answer (" + e.getMessage() + "); its last WAL segment cannot be archived", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String awaitPromoted(SystemUnderTest system, long start) {
        PostgresLogin login = PostgresLogin.of(system, into);
        String last = "(no answer)";
        while (System.nanoTime() - start < REPLAY_BOUND.toNanos()) {
            if (!processes(system).isRunning(into)) {
                throw new IllegalStateException(into + " stopped during recovery; its log ends: " + tail(processes(system).logs(into)));
            }
            try (Connection c = login.connect(system, into); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()")) {
                rs.next();
                java.sql.Timestamp replayed = rs.getTimestamp(2);
                if (!rs.getBoolean(1)) {
                    return replayed == null ? "serving as a primary; no commit replayed from an archive" : "promoted; last replayed commit at " + replayed.toInstant();
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
        throw new IllegalStateException(into + " not promoted within " + REPLAY_BOUND + "; last: " + last + "; its log ends: "
                + tail(processes(system).logs(into)));
    }

    /** The server's last FATAL or PANIC lines (the cause), then its last 5 lines. */
    static String tail(String log) {
        List<String> lines = log.strip().lines().toList();
        List<String> errors = lines.stream().filter(l -> l.contains("FATAL") || l.contains("PANIC")).toList();
        String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        return errors.isEmpty() ? last
                : String.join(" | ", errors.subList(Math.max(0, errors.size() - 3), errors.size())) + " ... " + last;
    }
}
