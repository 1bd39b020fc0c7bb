package dev.firedrill;

import java.util.Set;

/**
 * What a fault, a recovery step and a preparation share: a name that reads like the runbook, the capabilities of
 * the system they act through, and a check, acting on nothing, that they apply to a system. The runner checks every
 * step of a drill this way ({@link #checkOn}) before anything acts, and the dry run prints the same answers.
 */
public interface DrillStep {

    /** A name that reads like the runbook, e.g. {@code kill(ledger)}. */
    String name();

    /**
     * The capabilities of the system under test this step acts through ({@code dev.firedrill.capability}); the
     * runner checks that the system offers every one of them before anything acts, and the dry run lists them.
     * None by default: a step that reaches the system only through its endpoints.
     */
    default Set<Class<? extends Capability>> requires() {
        return Set.of();
    }

    /**
     * Files of the project this step reads when it runs (a runbook script), as written: {@code ./drill plan} checks each
     * is there and, when relative, inside the project. None by default.
     */
    default java.util.List<String> projectFiles() {
        return java.util.List.of();
    }

    /**
     * Checks, acting on nothing, what only the step knows: its target exists and is of the right kind. By default
     * nothing is checked.
     *
     * @throws IllegalArgumentException saying what is wrong and what would be valid
     */
    default void validate(SystemUnderTest system) {
    }

    /**
     * The runner's check of this step on {@code system}: every capability it {@link #requires()} is offered, then its
     * own {@link #validate}.
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    default void checkOn(SystemUnderTest system) {
        system.requireAll(requires(), name());
        validate(system);
    }
}
