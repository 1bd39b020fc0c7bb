package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceFiles;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Redis;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Restore a Redis snapshot into a fresh Redis (seed 000 §Recovery: "docker-compose stop redis; docker cp
 * the .rdb to /data; docker-compose start redis"): pick the snapshot ({@code generationsBack} = 0: the
 * latest taken by {@link Backups#redisSnapshot}), provision a fresh container of the service (whatever
 * is left of the lost one is removed), ask it where it reads its RDB file, stop it, copy the snapshot
 * there with the Docker API, start it and check that it loaded the snapshot's keys. The service keeps
 * its name, so the fault proxy's upstream (resolved at every new connection) leads to the fresh server.
 */
record RestoreRedisSnapshot(String service, int generationsBack) implements Recovery {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    RestoreRedisSnapshot {
        Recoveries.requireService(service, "restoreSnapshot");
        Steps.requireGeneration("snapshot", generationsBack);
    }

    @Override
    public java.util.Optional<RestoreTarget> restoresInto() {
        return java.util.Optional.of(new RestoreTarget(service,
                "a new container under the same name with a new, empty data volume holding the snapshot; the lost server and its data were destroyed first"));
    }

    @Override
    public String name() {
        return Steps.restoreName("snapshot", generationsBack, service);
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class, ServiceFiles.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        Steps steps = new Steps(name());
        java.util.SortedMap<String, byte[]> snapshots = steps.run("find the snapshot", () -> RedisSnapshotStore.all(system, service));
        String snapshot = steps.pick("find the snapshot", List.copyOf(snapshots.keySet()), generationsBack, "snapshot", service,
                " (take one with Backups.redisSnapshot(\"" + service + "\"))");
        byte[] rdb = snapshots.get(snapshot);
        if (!RedisSnapshotStore.looksLikeRdb(rdb)) {
            throw steps.fail("read " + snapshot, rdb.length + " bytes, not an RDB file");
        }

        long begin = System.nanoTime();
        String rdbPath = steps.run("provision a fresh Redis", () -> {
            processes(system).recreate(service);
            try (Jedis fresh = Redis.connect(system, service)) {
                if ("yes".equals(RedisFiles.configValue(fresh, "appendonly"))) {
                    throw new IllegalStateException("'" + service + "' runs with appendonly yes: it would load its AOF, not the snapshot;"
                            + " restore with appendonly no, then turn it on (CONFIG SET appendonly yes)");
                }
                return RedisFiles.rdbPath(fresh);
            }
        });
        steps.act("stop it", () -> processes(system).stop(service, STOP_GRACE));
        steps.act("copy " + snapshot + " to " + rdbPath, () -> files(system).copyTo(service, rdbPath, rdb));
        steps.act("start it", () -> processes(system).start(service));
        long startedMillis = (System.nanoTime() - begin) / 1_000_000;
        String loaded = steps.run("check the snapshot was loaded", () -> {
            try (Jedis redis = Redis.connect(system, service)) {
                // Clients write again as soon as it answers: the load's own count is the check, not DBSIZE.
                long keys = redis.dbSize();
                Optional<String> keysLoaded = RedisFiles.info(redis, "persistence", "rdb_last_load_keys_loaded");
                long loadedCount = keysLoaded.map(Long::parseLong).orElse(keys);
                if (loadedCount == 0) {
                    throw new IllegalStateException("the server loaded no keys at its start on " + snapshot
                            + " (rdb_last_load_keys_loaded " + keysLoaded.orElse("not reported") + ", DBSIZE " + keys + ")");
                }
                return loadedCount + " keys" + (keysLoaded.isPresent() ? " (rdb_last_load_keys_loaded)" : " (DBSIZE)")
                        + "; DBSIZE now " + keys;
            }
        });
        return "restored " + snapshot + " (" + rdb.length + " bytes) into a fresh Redis at " + rdbPath + ", serving in "
                + startedMillis + " ms; loaded " + loaded;
    }
}
