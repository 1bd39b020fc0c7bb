package dev.firedrill;

/**
 * One step of a recovery procedure as a runbook prescribes it: restart, terminate blockers, fail over.
 * Implementations: {@code dev.firedrill.recovery.Recoveries}.
 *
 * <p>Example: {@code Recoveries.restart("ledger")}
 */
public interface Recovery extends DrillStep {

    /** A name that reads like the runbook, e.g. {@code restart(ledger)}. */
    String name();

    /**
     * Runs the step and returns what it did (its output, for the report). Throws an unchecked
     * exception naming the step and the cause when it cannot complete.
     */
    String run(SystemUnderTest system);

    /**
     * Checks, acting on nothing, that the step can act on {@code system} and the services it names; throws
     * {@link IllegalArgumentException} saying why when it does not apply (a step that needs a container stack,
     * on an external system). The runner checks every step before anything starts. By default nothing is checked.
     */
    @Override
    default void validate(SystemUnderTest system) {
    }

    /**
     * The fix is undoing the fault itself (a network path restored, a partition healed): the runner
     * reverts every injected fault, and {@code recovery-started} = {@code fault-reverted}.
     */
    static Recovery revertFaults() {
        return new RevertFaults();
    }

    /** Marker type the runner recognises; running it outside a drill is a misuse. */
    record RevertFaults() implements Recovery {

        @Override
        public String name() {
            return "revert faults";
        }

        @Override
        public String run(SystemUnderTest system) {
            throw new IllegalStateException("revertFaults() is carried out by the DrillRunner, not run on its own");
        }
    }
}
