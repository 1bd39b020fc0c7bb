package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.LinkCut;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry class of the faults a drill can inject; each reads like the runbook, is an immutable value,
 * checks on {@code inject} that it applies to its target before touching anything, verifies (bounded)
 * that it took effect, and returns an {@link dev.firedrill.Injection} whose {@code close()} undoes it.
 *
 * <pre>{@code
 * Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200))
 * Faults.down("postgres")
 * Faults.kill("ledger")
 * Faults.lockTable("postgres", "entries")
 * Faults.fillVolume("postgres")
 * }</pre>
 *
 * <p>Network faults act through the fault proxy fronting the service (toxics on the proxy named after
 * it); database and Redis faults connect to the service's own port, not through the proxy.
 */
public final class Faults {

    /** How long a database fault waits, by default, to see its effect. */
    public static final Duration DEFAULT_VERIFY_WITHIN = Duration.ofSeconds(10);

    private Faults() {
    }

    // --- network, through the fault proxy -------------------------------------------------------

    /** Latency on the path to {@code service}, on its answers (downstream); see {@link LatencyFault#direction}. */
    public static LatencyFault latency(String service, Duration latency) {
        return new LatencyFault(service, latency, Duration.ZERO, Direction.DOWNSTREAM);
    }

    /** Bandwidth limited to {@code kilobytesPerSecond} (1 KB = 1000 bytes) on answers; 0 stalls them with connections held. */
    public static ToxicFault bandwidth(String service, long kilobytesPerSecond) {
        return new ToxicFault(service, ToxicFault.Kind.BANDWIDTH, Direction.DOWNSTREAM, kilobytesPerSecond, 0, 0);
    }

    /** Data dropped both ways, connections held open: a black hole. */
    public static ToxicFault blackhole(String service) {
        return new ToxicFault(service, ToxicFault.Kind.BLACKHOLE, Direction.BOTH, 0, 0, 0);
    }

    /** The path goes down (docs/fault-proxy.md): existing connections closed, new ones refused (the proxy is disabled). */
    public static Fault down(String service) {
        return new DownFault(service);
    }

    /** Connections reset (TCP RST) {@code after} their first data. */
    public static ToxicFault resetPeer(String service, Duration after) {
        requireZeroOrMore(after, "resetPeer(" + service + ")", "after");
        return new ToxicFault(service, ToxicFault.Kind.RESET_PEER, Direction.DOWNSTREAM, after.toMillis(), 0, 0);
    }

    /** The close of a connection reaches the client {@code delay} late. */
    public static ToxicFault slowClose(String service, Duration delay) {
        requireZeroOrMore(delay, "slowClose(" + service + ")", "delay");
        return new ToxicFault(service, ToxicFault.Kind.SLOW_CLOSE, Direction.DOWNSTREAM, delay.toMillis(), 0, 0);
    }

    /** Answers cut into pieces of {@code averageBytes} ± {@code variationBytes}, {@code delay} apart. */
    public static ToxicFault slicing(String service, int averageBytes, int variationBytes, Duration delay) {
        requireZeroOrMore(delay, "slicing(" + service + ")", "delay");
        return new ToxicFault(service, ToxicFault.Kind.SLICING, Direction.DOWNSTREAM, averageBytes, variationBytes,
                delay.toNanos() / 1000);
    }

    /** Each connection closes after {@code bytes} of answers. */
    public static ToxicFault dataLimit(String service, long bytes) {
        return new ToxicFault(service, ToxicFault.Kind.DATA_LIMIT, Direction.DOWNSTREAM, bytes, 0, 0);
    }

    /**
     * The service's container is disconnected from the stack network; undone (or healed) by reconnecting it. With
     * {@link PartitionFault#from}, cut from those services only: {@code partition("leader").from("etcd")}.
     */
    public static PartitionFault partition(String service) {
        return new PartitionFault(service, List.of(), LinkCut.Direction.BOTH);
    }

    /** Every proxy of the stack enabled and every toxic removed: run between drills. */
    public static void resetProxy(SystemUnderTest system) {
        system.require(dev.firedrill.capability.FaultProxy.class, "resetProxy").reset();
    }

    // --- process ----------------------------------------------------------------------------------

    /** SIGKILL the service's process; undone by starting it again if it is still down. */
    public static Fault kill(String service) {
        return new ProcessFault(service, ProcessFault.Action.KILL);
    }

    /** SIGTERM, then SIGKILL after {@code grace}; undone by starting it again if it is still down. */
    public static Fault stop(String service, Duration grace) {
        return new ProcessFault(service, ProcessFault.Action.STOP, grace);
    }

    /** Freeze every process of the service; undone by unpausing it. */
    public static Fault pause(String service) {
        return new ProcessFault(service, ProcessFault.Action.PAUSE);
    }

    /** Stop (SIGTERM, 10 s grace) and start the service again; takes effect when it started anew. */
    public static Fault restart(String service) {
        return new ProcessFault(service, ProcessFault.Action.RESTART);
    }

    // --- database ---------------------------------------------------------------------------------

    /** A session holds ACCESS EXCLUSIVE on {@code table}; takes effect when pg_locks shows a waiter. */
    public static LockTableFault lockTable(String service, String table) {
        return new LockTableFault(service, table, Optional.empty(), DEFAULT_VERIFY_WITHIN);
    }

    /** {@code count} sessions idle in an open transaction. */
    public static Fault idleInTransaction(String service, int count) {
        return new IdleSessionsFault(service, count, true);
    }

    /** {@code count} idle sessions. */
    public static Fault idleSessions(String service, int count) {
        return new IdleSessionsFault(service, count, false);
    }

    /** Sessions take every free slot up to max_connections; new connections are refused with "too many clients". */
    public static ConnectionExhaustionFault exhaustConnections(String service) {
        return new ConnectionExhaustionFault(service, Optional.empty(), Optional.empty(), DEFAULT_VERIFY_WITHIN);
    }

    /**
     * Replication lag: the streaming replica {@code replica} keeps receiving WAL but stops applying it
     * ({@code pg_wal_replay_pause()}) until the undo resumes replay. A server that is no standby is a misuse.
     */
    public static Fault pauseReplay(String replica) {
        return new PauseReplayFault(replica);
    }

    /** A query running for {@code length}. */
    public static Fault longQuery(String service, Duration length) {
        return new LongQueryFault(service, length);
    }

    /**
     * The pool of {@code client} (the reference service) exhausted by {@code queries} of its own slow reports, each an
     * active query on {@code service} for 10 minutes; see {@link LongRunningQueriesFault}.
     */
    public static LongRunningQueriesFault longRunningQueries(String service, String client, int queries) {
        return new LongRunningQueriesFault(service, client, queries, LongRunningQueriesFault.DEFAULT_LENGTH);
    }

    /** Redis' clients exhausted: maxclients lowered to 50 and every slot held; see {@link RedisClientExhaustionFault}. */
    public static RedisClientExhaustionFault redisClientExhaustion(String service) {
        return new RedisClientExhaustionFault(service, RedisClientExhaustionFault.DEFAULT_MAX_CLIENTS);
    }

    /** {@code jobs} solve jobs enqueued through the reference service at once: a backlog in its queue; see {@link JobFloodFault}. */
    public static JobFloodFault jobFlood(String service, int jobs) {
        return new JobFloodFault(service, jobs, JobFloodFault.DEFAULT_SIZE, "redis");
    }

    // --- storage ----------------------------------------------------------------------------------

    /** The service's size-limited persistent volume fills up until writes fail with "No space left on device". */
    public static Fault fillVolume(String service) {
        return new FillVolumeFault(service);
    }

    /** Redis reaches maxmemory with noeviction: writes answer OOM. */
    public static Fault redisMemoryFull(String service) {
        return new RedisMemoryFault(service);
    }

    // --- certificates -----------------------------------------------------------------------------

    /**
     * The certificate {@code service} serves on {@code port} expires: one valid for {@code validFor} is installed
     * through the service {@code store} (which owns the keystore volume), served, and runs out; undone by
     * installing one valid for a day.
     */
    public static Fault expireCertificate(String service, int port, String store, Duration validFor) {
        return new ExpireCertificateFault(service, port, store, validFor);
    }

    // --- data -------------------------------------------------------------------------------------

    /** A bad migration deletes the rows of {@code table} matching {@code where}, at a recorded instant. */
    public static BadMigrationFault badMigration(String service, String table, String where) {
        return new BadMigrationFault(service, table, where);
    }

    // --- argument checks shared by the fault values ---------------------------------------------------

    /** Ends a fault's effect check once its undo has run (a stop or an abort reverted it while it was being checked). */
    static void requireNotUndone(AtomicBoolean undone, String fault) {
        if (undone.get()) {
            throw new FaultNotEffectiveException(fault + ": reverted (by a stop or an abort) before its effect was verified");
        }
    }

    static void requireService(String service, String fault) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(fault + ": the target service must be named, got '" + service + "'");
        }
    }

    static void requirePositive(Duration value, String fault, String field) {
        Objects.requireNonNull(value, fault + ": " + field + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(fault + ": " + field + " must be positive, got " + value);
        }
    }

    static void requireZeroOrMore(Duration value, String fault, String field) {
        Objects.requireNonNull(value, fault + ": " + field + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(fault + ": " + field + " must be zero or more, got " + value);
        }
    }

    /** Remove the service's container and its data volume (the disaster of D09); only a restore brings the data back. */
    public static Fault destroy(String service) {
        return new DestroyFault(service);
    }

    /** Hard down of the fault proxy's proxy {@code proxy} (e.g. {@code postgres-replication}: the stream is cut); undone by enabling it. */
    public static Fault proxyDown(String proxy) {
        return new ProxyDownFault(proxy);
    }

    /** {@code fault}, injected {@code delay} after the faults before it (they act alone meanwhile). */
    public static Fault after(java.time.Duration delay, Fault fault) {
        return new DelayedFault(delay, fault);
    }

    /**
     * {@code fault}, whose acting is the drill's disruption although faults follow it (by default the last fault's is):
     * the bad release a destructive migration follows (D20).
     */
    public static Fault markingDisruption(Fault fault) {
        return new DisruptionMark(fault);
    }

    /** Blue/green release switch: the proxy in front of {@code service} leads to {@code release} (same port) until undone. */
    public static Fault switchRelease(String service, String release, int port) {
        return new SwitchReleaseFault(service, release, port);
    }
}
