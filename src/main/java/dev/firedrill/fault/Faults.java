package dev.firedrill.fault;

import dev.firedrill.Fault;

/**
 * Entry class of the faults a drill can inject; each reads like the runbook.
 *
 * <p>Example: {@code Faults.kill("ledger")}
 */
public final class Faults {

    private Faults() {
    }

    /** SIGKILL the service's process; undone by starting it again if it is still down. */
    public static Fault kill(String service) {
        return new ProcessFault(service, ProcessFault.Action.KILL);
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
}
