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
}
