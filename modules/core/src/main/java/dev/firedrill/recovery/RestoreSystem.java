package dev.firedrill.recovery;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Capability;
import dev.firedrill.HarnessClock;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.measure.SystemRestoreRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Runbook 000 §Point-in-Time Recovery as written: stop the service, restore the database, Redis and the application
 * files together from one backup set ({@link SystemBackup}: the newest, or {@code generationsBack} before it), start the
 * service, wait until it is ready. The database into a fresh server ({@code pg_restore}, row counts verified: {@link
 * RestoreBackup}), Redis into a fresh server reading the set's RDB file at start ({@link RestoreRedisSnapshot}), the
 * files into a fresh volume ({@code tar -xzf} as root in a one-off container of the database's image, which has Debian's
 * tar and gzip, owners kept as numbers; the service's container and its data volume removed first). Before the service starts, the restored database's clock is read and noted with the
 * set's point ({@link SystemRestoreRecord}), which {@code system-consistent} judges against.
 *
 * <p>{@code parts} restores only some of them: what an operator does who restores only what was lost (the database and
 * the files) and leaves the surviving Redis as it is, holding entries newer than the restored point: a can-fail
 * variant's mistake (D28).
 *
 * @param service         the service (ledger)
 * @param postgres        its PostgreSQL service
 * @param redis           its Redis service
 * @param generationsBack 0: the newest set
 * @param parts           which of database, cache and files to restore
 */
record RestoreSystem(String service, String postgres, String redis, int generationsBack, List<String> parts) implements Recovery {

    static final List<String> PARTS = List.of("database", "cache", "files");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration READY_BOUND = Duration.ofMinutes(2);
    private static final Duration UNTAR_BOUND = Duration.ofMinutes(5);

    RestoreSystem {
        for (String[] field : new String[][] {{"target", service}, {"postgres", postgres}, {"redis", redis}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new IllegalArgumentException("restore-system: '" + field[0] + "' names a service of the stack; got '" + field[1] + "'");
            }
        }
        if (generationsBack < 0) {
            throw new IllegalArgumentException("restore-system: 'generations-back' is 0 (the newest set) or more; got " + generationsBack);
        }
        parts = parts == null ? List.of() : List.copyOf(parts);
        List<String> unknown = parts.stream().filter(p -> !PARTS.contains(p)).toList();
        if (parts.isEmpty() || !unknown.isEmpty() || new HashSet<>(parts).size() != parts.size()) {
            throw new IllegalArgumentException("restore-system: 'parts' lists each of " + PARTS + " at most once, at least one; got " + parts
                    + (unknown.isEmpty() ? "" : " (unknown: " + unknown + ")"));
        }
    }

    @Override
    public String name() {
        String what = generationsBack == 0 ? "restore system" : "restore system set " + generationsBack + " before the latest";
        return what + "(" + service + (parts.size() == PARTS.size() ? "" : ", only " + String.join(" and ", parts)) + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class, ServiceFiles.class, OneOffs.class);
    }

    @Override
    public Optional<RestoreTarget> restoresInto() {
        return parts.contains("database") ? Optional.of(new RestoreTarget(postgres, "a new container under the same name with a new, empty"
                + " data volume filled by pg_restore from the backup set" + (parts.contains("cache") ? "; " + redis + " and " : "; ")
                + (parts.contains("files") ? service + "'s files restored from the same set" : "")))
                : Optional.empty();
    }

    @Override
    public void validate(SystemUnderTest system) {
        for (String s : List.of(service, postgres, redis)) {
            system.requireService(s, name());
        }
    }

    @Override
    public String run(SystemUnderTest system) {
        return run(system, new Timeline(HarnessClock.system()));
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        SortedMap<String, byte[]> sets = steps.run("find the backup set", () -> SystemBackupSet.all(system, postgres));
        String manifest = steps.pick("find the backup set", List.copyOf(sets.keySet()), generationsBack, "backup set", service,
                " (take one with the preparation system-backup)");
        SystemBackupSet set = steps.run("read " + manifest, () -> SystemBackupSet.parse(manifest, new String(sets.get(manifest), StandardCharsets.UTF_8)));
        if (!set.service().equals(service) || !set.postgres().equals(postgres) || !set.redis().equals(redis)) {
            throw steps.fail("read " + manifest, "the set is of " + set.service() + " on " + set.postgres() + " and " + set.redis()
                    + ", not of " + service + " on " + postgres + " and " + redis);
        }
        long begin = System.nanoTime();
        List<String> done = new ArrayList<>();
        done.add(steps.run("stop " + service, () -> {
            if (!processes(system).isRunning(service)) {
                return service + " was not running";
            }
            processes(system).stop(service, STOP_GRACE);
            return service + " stopped";
        }));
        if (parts.contains("database")) {
            done.add(steps.run("restore the database from " + set.dump(), () -> {
                List<String> dumps = BackupStore.list(system, postgres);
                return new RestoreBackup(postgres, generationOf(dumps, set.dump())).run(system);
            }));
        }
        if (parts.contains("cache")) {
            done.add(steps.run("restore Redis from " + set.snapshot(), () -> {
                List<String> snapshots = List.copyOf(RedisSnapshotStore.all(system, redis).keySet());
                return new RestoreRedisSnapshot(redis, generationOf(snapshots, set.snapshot())).run(system);
            }));
        }
        Instant restoredAt = steps.run("read the database's clock before " + service + " starts", () -> SystemBackup.databaseNow(system, postgres));
        if (parts.contains("files")) {
            done.add(steps.run("restore the files from " + set.archive(), () -> untar(system, set)));
        }
        steps.act("start " + service, () -> processes(system).recreate(service));
        done.add(steps.run("wait until " + service + " is ready", () -> new Ready(service, READY_BOUND).run(system)));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        timeline.note(SystemRestoreRecord.NOTE, new SystemRestoreRecord(manifest, set.point(), restoredAt, parts).text());
        return "restored " + String.join(", ", parts) + " from set " + manifest + " (point " + set.point() + ") in " + millis + " ms: "
                + String.join("; ", done);
    }

    /** How many generations before the newest of {@code found} (oldest first) {@code file} is. */
    private static int generationOf(List<String> found, String file) {
        int index = found.indexOf(file);
        if (index < 0) {
            throw new IllegalStateException(file + " is not in the backups volume; there: " + found);
        }
        return found.size() - 1 - index;
    }

    private String untar(SystemUnderTest system, SystemBackupSet set) {
        processes(system).destroy(service);   // its container, if any is left, and its data volume: the files restored alone
        String data = files(system).volumeOf(service, set.filesPath());
        OneOff.Result result = oneOffs(system).run(OneOff.of(set.postgres(), "bash", "-c", "set -euo pipefail;"
                        + " gzip -t \"/backups/$ARCHIVE\"; find \"$DIR\" -mindepth 1 -delete; tar --numeric-owner -xzf \"/backups/$ARCHIVE\" -C \"$DIR\";"
                        + " printf '%s files' \"$(find \"$DIR\" -type f | wc -l)\"")
                .asUser("root")
                .withEnv(Map.of("DIR", set.filesPath(), "ARCHIVE", set.archive()))
                .withVolume(data, set.filesPath())
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH)
                .within(UNTAR_BOUND));
        if (!result.succeeded()) {
            throw new IllegalStateException("tar -xzf of " + set.archive() + " exited " + result.exitCode() + ": " + result.output().strip());
        }
        List<String> lines = result.output().strip().lines().toList();
        return "extracted " + set.archive() + " into a fresh volume at " + set.filesPath() + " (" + (lines.isEmpty() ? "?" : lines.get(lines.size() - 1)) + ")";
    }
}
