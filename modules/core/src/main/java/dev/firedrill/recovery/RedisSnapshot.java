package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceFiles;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Marker;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.access.Redis;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A Redis snapshot as seed 000 §Backup takes it ({@code redis-cli BGSAVE}, then {@code docker cp} of the
 * RDB file to the backup directory), made exact: the harness asks the server where its RDB file is
 * ({@code CONFIG GET dir, dbfilename}), sends {@code BGSAVE}, waits (bounded) until that save has finished
 * and succeeded ({@code LASTSAVE} at or after the request, no save in progress, last status ok) instead
 * of the seed's {@code sleep 5}, then copies the file out of the container with the Docker API into the
 * stack's backups volume. Redis forks when it receives {@code BGSAVE}, so every key acknowledged before
 * the request is in the snapshot: {@code recovery-point} is marked at the instant just before it.
 *
 * @param service            the Redis service
 * @param marksRecoveryPoint whether this snapshot is the drill's recorded one
 */
record RedisSnapshot(String service, boolean marksRecoveryPoint) implements Preparation {

    static final Duration SAVE_BOUND = Duration.ofSeconds(60);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    RedisSnapshot {
        Recoveries.requireService(service, "redisSnapshot");
    }

    @Override
    public String name() {
        return "redis snapshot(" + service + ")" + (marksRecoveryPoint ? "" : " not recorded as the recovery point");
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceFiles.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        String step = "connect";
        try (Jedis redis = Redis.connect(system, service)) {
            step = "find the RDB file (CONFIG GET dir, dbfilename)";
            String rdbPath = RedisFiles.rdbPath(redis);
            step = "BGSAVE";
            long keysBefore = redis.dbSize();
            TimePoint requested = timeline.clock().now();
            String reply = redis.bgsave();
            if (!reply.startsWith("Background saving started")) {
                throw new IllegalStateException("BGSAVE answered '" + reply + "', expected 'Background saving started'");
            }
            step = "wait for the save to finish (LASTSAVE)";
            long lastSave = awaitSaved(redis, requested.wall().getEpochSecond());
            TimePoint saved = timeline.clock().now();
            step = "copy " + rdbPath + " out of the container";
            byte[] rdb = files(system).copyFrom(service, rdbPath);
            if (!RedisSnapshotStore.looksLikeRdb(rdb)) {
                throw new IllegalStateException(rdbPath + " (" + rdb.length + " bytes) is not an RDB file");
            }
            String file = service + "-" + FILE_TIME.format(requested.wall()) + ".rdb";
            step = "store " + file + " in the backups volume";
            RedisSnapshotStore.save(system, service, file, rdb);
            String detail = "BGSAVE of " + service + " as " + file;
            if (marksRecoveryPoint) {
                timeline.mark(Marker.RECOVERY_POINT, detail, requested);
            } else {
                timeline.note("backup", detail + ", not the recorded recovery point");
            }
            return "snapshot " + file + " (" + rdb.length + " bytes, copied from " + rdbPath + ") of BGSAVE at " + requested.wall()
                    + " (" + keysBefore + " keys just before); saved in " + saved.since(requested).toMillis() + " ms, LASTSAVE " + lastSave;
        } catch (RuntimeException e) {   // Redis refused, the copy failed, or the container is gone
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        }
    }

    /** Waits until the save just requested has finished; returns LASTSAVE, or fails naming the server's last status. */
    private long awaitSaved(Jedis redis, long requestedSecond) {
        AtomicReference<String> state = new AtomicReference<>("(not read)");
        try {
            await(name() + ": BGSAVE finished").atMost(SAVE_BOUND).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .until(() -> {
                        String inProgress = RedisFiles.info(redis, "persistence", "rdb_bgsave_in_progress").orElse("?");
                        String status = RedisFiles.info(redis, "persistence", "rdb_last_bgsave_status").orElse("?");
                        long lastSave = redis.lastsave();
                        state.set("rdb_bgsave_in_progress " + inProgress + ", rdb_last_bgsave_status " + status + ", LASTSAVE " + lastSave);
                        if ("0".equals(inProgress) && !"ok".equals(status)) {
                            throw new IllegalStateException("BGSAVE failed: " + state.get() + "; see the server's log");
                        }
                        return "0".equals(inProgress) && lastSave >= requestedSecond;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("BGSAVE had not finished within " + SAVE_BOUND + ": " + state.get());
        }
        return redis.lastsave();
    }
}
