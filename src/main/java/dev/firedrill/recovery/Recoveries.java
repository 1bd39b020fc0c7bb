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

    /** Undo the injected faults: the fix for faults like a cut network path. */
    public static Recovery revertFaults() {
        return Recovery.revertFaults();
    }
}
