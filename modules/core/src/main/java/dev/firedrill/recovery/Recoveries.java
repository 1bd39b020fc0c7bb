package dev.firedrill.recovery;

import dev.firedrill.Recovery;

import java.time.Duration;

/**
 * Entry class of the recovery procedures; each reads like the runbook.
 *
 * <p>Example: {@code Recoveries.restart("ledger")}
 */
public final class Recoveries {

    private Recoveries() {
    }

    /** Starts the service's container again (or restarts it when it runs) and waits until it is ready. */
    public static Recovery restart(String service) {
        return new Restart(service);
    }

    /** Take {@code instance} out of the nginx load balancer {@code lb}'s rotation: rewrite its configuration, reload, wait for the old workers. */
    public static Recovery drain(String lb, String instance) {
        return new RotationChange(lb, RotationChange.Kind.DRAIN, java.util.List.of(instance));
    }

    /** Put {@code instance} back into {@code lb}'s rotation (rewrite, reload; the name is resolved afresh). */
    public static Recovery putBack(String lb, String instance) {
        return new RotationChange(lb, RotationChange.Kind.PUT_BACK, java.util.List.of(instance));
    }

    /** Exactly these instances in {@code lb}'s rotation. */
    public static Recovery rotation(String lb, String... instances) {
        return new RotationChange(lb, RotationChange.Kind.SET, java.util.List.of(instances));
    }

    /** Until the service's own port answers {@code GET /ready} with 200 (at most 90 s). */
    public static Recovery ready(String service) {
        return new Ready(service, Duration.ofSeconds(90));
    }

    /** {@code count} consecutive healthy answers from {@code GET /health}, {@code interval} apart (a runbook's exit check). */
    public static Recovery healthChecks(String service, int port, int count, Duration interval) {
        return new HealthChecks(service, port, count, interval);
    }

    /** Terminate every session that pg_blocking_pids names as blocking another (a lock holder). */
    public static Recovery terminateBlockers(String service) {
        return new TerminateBlockers(service);
    }

    /** Terminate idle and idle-in-transaction sessions older than {@code olderThan}; see {@link TerminateIdleSessions#sparing}. */
    public static TerminateIdleSessions terminateIdleSessions(String service, Duration olderThan) {
        return new TerminateIdleSessions(service, olderThan, java.util.List.of());
    }

    /** Terminate active queries running longer than {@code olderThan}, runbook 004 §Scenario 2's query; see {@link TerminateLongQueries}. */
    public static TerminateLongQueries terminateLongQueries(String service, Duration olderThan) {
        return new TerminateLongQueries(service, olderThan, java.util.Optional.empty());
    }

    /** CLIENT KILL of the Redis clients idle over {@code idleOver}, runbook 004 §Scenario 6; see {@link RedisClientKill}. */
    public static RedisClientKill redisClientKill(String service, Duration idleOver) {
        return new RedisClientKill(service, idleOver);
    }

    /** Free the filled size-limited volume of {@code service}; start it again if it stopped. */
    public static Recovery freeVolume(String service) {
        return new FreeVolume(service);
    }

    /** Set Redis' eviction policy, e.g. {@code allkeys-lru}. */
    public static Recovery setEvictionPolicy(String service, String policy) {
        return new EvictionPolicy(service, policy);
    }

    /** Heal a partitioned service: restore the links its partial partitions cut, reconnect it to the stack network. */
    public static Recovery healPartition(String service) {
        return new HealPartition(service);
    }

    /**
     * Wait for the system to recover by itself: done when {@code path} is steady again, failed after {@code within}
     * ({@link Recovery#waitUntil}); for drills of an automatic failover that want the wait written down as the procedure.
     */
    public static Recovery waitUntil(String path, Duration within) {
        return Recovery.waitUntil(path, within);
    }

    /** Undo the injected faults: the fix for faults like a cut network path. */
    public static Recovery revertFaults() {
        return Recovery.revertFaults();
    }

    static void requireService(String service, String recovery) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(recovery + ": the target service must be named, got '" + service + "'");
        }
    }

    /**
     * Restore the latest logical backup of a PostgreSQL service (taken by {@link Backups#logical}) into a
     * fresh server under the same name, row counts verified; the fault proxy then leads to it.
     */
    public static Recovery restoreLatestBackup(String service) {
        return new RestoreBackup(service, 0);
    }

    /**
     * As {@link #restoreLatestBackup}, but the backup {@code generationsBack} before the latest: the
     * mistake a "can fail" variant makes (an older backup than the one recorded).
     */
    public static Recovery restoreOlderBackup(String service, int generationsBack) {
        if (generationsBack < 1) {
            throw new IllegalArgumentException("restoreOlderBackup: generationsBack must be 1 or more, got " + generationsBack
                    + " (0 is restoreLatestBackup)");
        }
        return new RestoreBackup(service, generationsBack);
    }

    /** Promote a streaming standby to primary ({@code SELECT pg_promote()}), after checking it is one. */
    public static Recovery promoteReplica(String replica) {
        return new PromoteReplica(replica);
    }

    /** Point the fault proxy in front of {@code service} at {@code target} (same port): the runbook's "update DNS". */
    public static Recovery repoint(String service, String target, int port) {
        return new RepointProxy(service, target, port);
    }

    /** Rollback of a release switch: the proxy in front of {@code service} leads to the service itself again (verified by its /version). */
    public static Recovery switchBack(String service, int port) {
        return new SwitchBack(service, port);
    }

    /** Rotate the certificate of {@code service}: issue one valid for a day, install it through {@code store}, wait until it is served. */
    public static Recovery rotateCertificate(String service, int port, String store) {
        return new RotateCertificate(service, port, store, java.time.Duration.ofDays(1));
    }

    /**
     * Run a runbook script (e.g. {@code drills/scripts/dr-drill.sh}) with {@code sh}, on the host unless
     * {@link Script#in} names a service's container; the stack described in variables, bounded, its
     * output the step's output. Works as a recovery and as a preparation.
     */
    public static Script script(String path) {
        return Script.at(path);
    }

    /** The same, as a drill file writes it: on the host, with {@code args}, bounded by {@code timeout}. */
    public static Recovery script(String path, java.util.List<String> args, Duration timeout) {
        return Script.at(path).withArgs(args.toArray(String[]::new)).within(timeout);
    }

    /**
     * Point-in-time recovery of {@code service} into the fresh server {@code into}: base backup
     * ({@link Backups#base}) plus archived WAL up to the recorded target ({@link Backups#recoveryTarget});
     * the damaged server is stopped first. Follow it with {@link #repoint}.
     */
    public static Recovery restoreToRecoveryPoint(String service, String into) {
        return new PointInTimeRestore(service, into, PointInTimeRestore.Replay.TO_TARGET);
    }

    /** As {@link #restoreToRecoveryPoint} without a target: the whole archive is replayed, the bad change included. */
    public static Recovery restoreToEndOfArchive(String service, String into) {
        return new PointInTimeRestore(service, into, PointInTimeRestore.Replay.WHOLE_ARCHIVE);
    }

    /**
     * As {@link #restoreToRecoveryPoint} skipping the WAL archive: the base backup alone is started as a
     * primary, so the writes between the end of the backup and the target are lost (a "can fail" variant's mistake).
     */
    public static Recovery restoreBaseBackupAlone(String service, String into) {
        return new PointInTimeRestore(service, into, PointInTimeRestore.Replay.NONE);
    }

    /**
     * Restore the latest Redis snapshot (taken by {@link Backups#redisSnapshot}) into a fresh Redis under the
     * same name: stop it, copy the RDB file where it reads it, start it, check the keys were loaded.
     */
    public static Recovery restoreLatestSnapshot(String service) {
        return new RestoreRedisSnapshot(service, 0);
    }

    /** As {@link #restoreLatestSnapshot}, the snapshot {@code generationsBack} before the latest: a "can fail" variant's mistake. */
    public static Recovery restoreOlderSnapshot(String service, int generationsBack) {
        if (generationsBack < 1) {
            throw new IllegalArgumentException("restoreOlderSnapshot: generationsBack must be 1 or more, got " + generationsBack
                    + " (0 is restoreLatestSnapshot)");
        }
        return new RestoreRedisSnapshot(service, generationsBack);
    }

    /**
     * {@code pgbackrest restore} of the latest backup set into a fresh data directory of {@code service}, every archived WAL
     * segment replayed, the server started and awaited as a primary; marks the recovery point at the last commit the archive
     * holds (D27).
     */
    public static Recovery pgBackRestRestore(String service) {
        return new PgBackRestRestore(service, "default");
    }

    /** As {@link #pgBackRestRestore}, {@code --type=immediate}: the backup alone, the archive left unused (a can-fail variant's mistake). */
    public static Recovery pgBackRestRestoreBackupAlone(String service) {
        return new PgBackRestRestore(service, "immediate");
    }

    /**
     * Runbook 000 §Point-in-Time Recovery: stop {@code service}, restore {@code parts} (database, cache, files) from the
     * backup set {@code generationsBack} before the newest (taken by {@link Backups#system}), start it, wait until ready.
     */
    public static Recovery restoreSystem(String service, String postgres, String redis, int generationsBack, java.util.List<String> parts) {
        return new RestoreSystem(service, postgres, redis, generationsBack, parts);
    }

    /** {@link #restoreSystem} of the newest set, every part, on the reference stack's postgres and redis. */
    public static Recovery restoreSystem(String service) {
        return new RestoreSystem(service, "postgres", "redis", 0, RestoreSystem.PARTS);
    }
}
