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
     * Runs the step within a drill, which passes its timeline: a step notes there what only it can tell (a release's
     * images before and after, {@link ReleaseChange}; a schema migration's revision before and after), so it reaches the
     * timeline file and the evidence. By default {@link #run(SystemUnderTest)}, noting nothing.
     */
    default String run(SystemUnderTest system, Timeline timeline) {
        return run(system);
    }

    /**
     * Checks, acting on nothing, that the step can act on {@code system} and the services it names; throws
     * {@link IllegalArgumentException} saying why when it does not apply (a step that needs a container stack,
     * on an external system). The runner checks every step before anything starts. By default nothing is checked.
     */
    @Override
    default void validate(SystemUnderTest system) {
    }

    /**
     * Where this step brings the data back, for the exercise record's proof that restores ran on separate systems (a
     * fresh server, which image: the run records each service's image); empty for steps that restore no data. The
     * runner notes it on the timeline ({@link RestoreTarget#NOTE}) once the step has passed.
     */
    default java.util.Optional<RestoreTarget> restoresInto() {
        return java.util.Optional.empty();
    }

    /**
     * The server a restore filled, and how it was set up, e.g. {@code postgres}, "a new container with a new, empty data
     * volume; the damaged server and its volume were destroyed first".
     */
    record RestoreTarget(String service, String how) {

        /** The kind of the timeline note that records a restore target; its detail is {@code <service>: <how>}. */
        public static final String NOTE = "restore-target";

        public RestoreTarget {
            if (service == null || service.isBlank() || service.contains(": ")) {
                throw new IllegalArgumentException("A restore target names the service restored into, got '" + service + "'");
            }
            if (how == null || how.isBlank()) {
                throw new IllegalArgumentException("A restore target into '" + service + "' says how the server was set up");
            }
        }

        /** The note's detail. */
        public String detail() {
            return service + ": " + how;
        }

        /** The target a note's detail records; empty when the detail is no {@code <service>: <how>}. */
        public static java.util.Optional<RestoreTarget> ofDetail(String detail) {
            int colon = detail == null ? -1 : detail.indexOf(": ");
            return colon <= 0 ? java.util.Optional.empty()
                    : java.util.Optional.of(new RestoreTarget(detail.substring(0, colon), detail.substring(colon + 2)));
        }
    }

    /**
     * The fix is undoing the fault itself (a network path restored, a partition healed): the runner
     * reverts every injected fault, and {@code recovery-started} = {@code fault-reverted}.
     */
    static Recovery revertFaults() {
        return new RevertFaults();
    }

    /**
     * The procedure is to wait: the system recovers by itself (an HA manager fails over, a pool reconnects), and the
     * step ends when the probed path {@code path} is steady again (K correct answers in a row, all after the step
     * began); it fails when that takes longer than {@code within}. Carried out by the runner, which watches the probes.
     */
    static Recovery waitUntil(String path, java.time.Duration within) {
        return new WaitUntil(path, within);
    }

    /** See {@link #waitUntil}; running it outside a drill is a misuse. */
    record WaitUntil(String path, java.time.Duration within) implements Recovery {

        public WaitUntil {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("wait-until names the probed path that must be steady again, e.g. write");
            }
            if (within == null || within.isNegative() || within.isZero()) {
                throw new IllegalArgumentException("wait-until needs a positive bound (within), got " + within);
            }
        }

        @Override
        public String name() {
            long ms = within.toMillis();
            return "wait until " + path + " is steady (at most " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + ")";
        }

        @Override
        public String run(SystemUnderTest system) {
            throw new IllegalStateException("waitUntil is carried out by the DrillRunner, which watches the probes, not run on its own");
        }
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
