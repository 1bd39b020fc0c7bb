package dev.firedrill.recovery;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Capability;
import dev.firedrill.Marker;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.release.MaintenanceMode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A backup of the whole system at one point (runbook 000 §Point-in-Time Recovery restores "the database, Redis and the
 * application data" together, so they must be taken together): the service's writes paused (maintenance mode
 * {@code readonly}, as the reference service offers it), {@code drain} for the writes already admitted to end, then the
 * database's clock read (the set's point), a {@code pg_dump -Fc} of the database, a {@code BGSAVE} of Redis copied out,
 * and a {@code tar -czf} of the service's application data directory (a named volume, in a one-off container of the
 * database's image, which has Debian's tar and gzip; owners kept as numbers), all into the backups volume; then writes
 * resumed (also when a part failed), and the three listed in one manifest ({@link SystemBackupSet}). {@code
 * recovery-point} is marked when the pause took effect: every write acknowledged before it is in all three parts, every
 * write after it was refused until the resume, and is in none.
 *
 * @param service  the service whose writes are paused and whose files are archived (ledger)
 * @param postgres the PostgreSQL service it writes to
 * @param redis    the Redis service it caches in
 * @param dataDir  the service's application data directory (absolute, a named volume)
 * @param drain    how long the pause waits for admitted writes to end before the point (the service's database timeout)
 */
record SystemBackup(String service, String postgres, String redis, String dataDir, Duration drain) implements Preparation {

    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(2);
    static final Duration MAX_DRAIN = Duration.ofMinutes(1);
    private static final Duration TAR_BOUND = Duration.ofMinutes(5);
    private static final java.util.regex.Pattern DUMPED = java.util.regex.Pattern.compile("^backup (\\S+) \\(");
    private static final java.util.regex.Pattern SAVED = java.util.regex.Pattern.compile("^snapshot (\\S+) \\(");

    SystemBackup {
        requireName("target", service);
        requireName("postgres", postgres);
        requireName("redis", redis);
        if (dataDir == null || !dataDir.startsWith("/") || dataDir.equals("/")) {
            throw new IllegalArgumentException("system-backup: 'files' is the absolute path of the service's application data directory,"
                    + " a named volume, e.g. /var/lib/ledger; got '" + dataDir + "'");
        }
        if (drain == null || drain.isNegative() || drain.compareTo(MAX_DRAIN) > 0) {
            throw new IllegalArgumentException("system-backup: 'drain' is from 0s to " + MAX_DRAIN.toSeconds() + "s (how long admitted writes"
                    + " may take to end, e.g. the service's database timeout, 2s); got " + drain);
        }
    }

    private static void requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("system-backup: '" + field + "' names a service of the stack; got '" + name + "'");
        }
    }

    @Override
    public String name() {
        return "system backup(" + service + ": " + postgres + ", " + redis + ", " + dataDir + ")";
    }

    @Override
    public java.util.Set<Class<? extends Capability>> requires() {
        return java.util.Set.of(OneOffs.class, ServiceFiles.class, Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        for (String s : List.of(service, postgres, redis)) {
            system.requireService(s, name());
        }
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        String data = steps.run("find the data volume " + dataDir, () -> files(system).volumeOf(service, dataDir));
        String backups = steps.run("find the backups volume", () -> files(system).harnessVolume(BackupStore.VOLUME));
        steps.run("pause writes (read-only)", () -> MaintenanceMode.readOnly(service).run(system, timeline));
        TimePoint paused = timeline.clock().now();
        SystemBackupSet set;
        String archived;
        RuntimeException failure = null;
        try {
            steps.act("let admitted writes end (" + drain.toMillis() + " ms)", () -> sleep(drain));
            Instant point = steps.run("read the database's clock", () -> databaseNow(system, postgres));
            String dumped = steps.run("pg_dump " + postgres, () -> new LogicalBackup(postgres, false).run(system, timeline));
            String dump = steps.run("find the dump", () -> named(DUMPED, dumped).orElseGet(() -> last(BackupStore.list(system, postgres), "dump of " + postgres)));
            String saved = steps.run("BGSAVE " + redis, () -> new RedisSnapshot(redis, false).run(system, timeline));
            String snapshot = steps.run("find the snapshot", () -> named(SAVED, saved).orElseGet(() -> RedisSnapshotStore.all(system, redis).lastKey()));
            String archive = service + "-files-" + SystemBackupSet.FILE_TIME.format(point) + ".tar.gz";
            archived = steps.run("tar " + dataDir, () -> tar(system, data, backups, archive));
            set = new SystemBackupSet(service, point, postgres, dump, redis, snapshot, dataDir, archive);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                steps.run("resume writes", () -> MaintenanceMode.off(service).run(system, timeline));
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
        TimePoint resumed = timeline.clock().now();
        String manifest = steps.run("write the manifest", () -> set.save(system));   // the parts are whole: writes need not wait for it
        String detail = "whole-system backup set " + manifest + " (point " + set.point() + " on " + postgres + "'s clock)";
        timeline.mark(Marker.RECOVERY_POINT, detail, paused);
        return "set " + manifest + ": " + set.dump() + ", " + set.snapshot() + ", " + set.archive() + " (" + archived + "); point "
                + set.point() + " (" + postgres + "'s clock); writes paused " + resumed.since(paused).toMillis() + " ms";
    }

    /** The database's clock ({@code clock_timestamp()}). */
    static Instant databaseNow(SystemUnderTest system, String postgres) {
        try (Connection c = PostgresLogin.of(system, postgres).connect(system, postgres); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("SELECT clock_timestamp() on " + postgres + " failed: " + e.getMessage(), e);
        }
    }

    private String tar(SystemUnderTest system, String data, String backups, String archive) {
        OneOff.Result result = oneOffs(system).run(OneOff.of(postgres, "bash", "-c", "set -euo pipefail;"
                        + " tar --numeric-owner -czf \"/backups/$ARCHIVE.part\" -C \"$DIR\" .; mv \"/backups/$ARCHIVE.part\" \"/backups/$ARCHIVE\";"
                        + " printf '%s files, %s bytes' \"$(tar -tzf \"/backups/$ARCHIVE\" | awk '!/\\/$/ {n++} END {print n+0}')\""
                        + " \"$(stat -c %s \"/backups/$ARCHIVE\")\"")
                .asUser("root")
                .withEnv(Map.of("DIR", dataDir, "ARCHIVE", archive))
                .withVolume(data, dataDir)
                .withVolume(backups, BackupStore.PATH)
                .within(TAR_BOUND));
        if (!result.succeeded()) {
            throw new IllegalStateException("tar of " + dataDir + " exited " + result.exitCode() + ": " + result.output().strip());
        }
        List<String> lines = result.output().strip().lines().toList();
        return archive + ": " + (lines.isEmpty() ? "?" : lines.get(lines.size() - 1));
    }

    /** The file a step's output names ({@code backup <file> (...}, {@code snapshot <file> (...}), so no listing is needed while paused. */
    private static java.util.Optional<String> named(java.util.regex.Pattern pattern, String output) {
        java.util.regex.Matcher m = pattern.matcher(output);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    private static String last(List<String> found, String what) {
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + what + " in the backups volume after pg_dump");
        }
        return found.get(found.size() - 1);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
