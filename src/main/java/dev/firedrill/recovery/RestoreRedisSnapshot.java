package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Redis;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

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
        if (generationsBack < 0) {
            throw new IllegalArgumentException("generationsBack must be 0 (the latest snapshot) or more, got " + generationsBack);
        }
    }

    @Override
    public String name() {
        return generationsBack == 0 ? "restore latest snapshot(" + service + ")"
                : "restore snapshot " + generationsBack + " before the latest(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        java.util.SortedMap<String, byte[]> snapshots = step("find the snapshot", () -> RedisSnapshotStore.all(stack, service));
        List<String> found = List.copyOf(snapshots.keySet());
        if (found.size() <= generationsBack) {
            throw new IllegalStateException(name() + ": step 'find the snapshot' failed: " + (found.isEmpty()
                    ? "no snapshot of '" + service + "' in the backups volume (take one with Backups.redisSnapshot(\"" + service + "\"))"
                    : "only " + found.size() + " snapshot(s) of '" + service + "': " + found));
        }
        String snapshot = found.get(found.size() - 1 - generationsBack);
        byte[] rdb = snapshots.get(snapshot);
        if (!RedisSnapshotStore.looksLikeRdb(rdb)) {
            throw new IllegalStateException(name() + ": step 'read " + snapshot + "' failed: " + rdb.length + " bytes, not an RDB file");
        }

        long begin = System.nanoTime();
        String rdbPath = step("provision a fresh Redis", () -> {
            stack.recreate(service);
            try (Jedis fresh = Redis.connect(stack, service)) {
                if ("yes".equals(RedisFiles.configValue(fresh, "appendonly"))) {
                    throw new IllegalStateException("'" + service + "' runs with appendonly yes: it would load its AOF, not the snapshot;"
                            + " restore with appendonly no, then turn it on (CONFIG SET appendonly yes)");
                }
                return RedisFiles.rdbPath(fresh);
            }
        });
        step("stop it", () -> {
            stack.stop(service, STOP_GRACE);
            return null;
        });
        step("copy " + snapshot + " to " + rdbPath, () -> {
            stack.copyFileTo(service, rdbPath, rdb);
            return null;
        });
        step("start it", () -> {
            stack.start(service);
            return null;
        });
        long startedMillis = (System.nanoTime() - begin) / 1_000_000;
        String loaded = step("check the snapshot was loaded", () -> {
            try (Jedis redis = Redis.connect(stack, service)) {
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

    private <T> T step(String step, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException | IllegalStateException | dev.firedrill.stack.StackException e) {
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        }
    }
}
