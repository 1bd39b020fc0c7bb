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

    /** Free the filled size-limited volume of {@code service}; start it again if it stopped. */
    public static Recovery freeVolume(String service) {
        return new FreeVolume(service);
    }

    /** Set Redis' eviction policy, e.g. {@code allkeys-lru}. */
    public static Recovery setEvictionPolicy(String service, String policy) {
        return new EvictionPolicy(service, policy);
    }

    /** Reconnect a partitioned service to the stack network. */
    public static Recovery healPartition(String service) {
        return new HealPartition(service);
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
}
