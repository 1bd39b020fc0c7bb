package dev.firedrill;

/**
 * A step the drill takes after the steady state is proven and before the faults, such as the
 * backup a restore drill later restores. It receives the {@link Timeline} so that it can put the
 * marker it alone knows the instant of (a backup's snapshot: {@link Marker#RECOVERY_POINT}).
 * Implementations: {@code dev.firedrill.recovery.Backups}.
 *
 * <p>Example: {@code Drill.builder("D09", "Backup and restore").preparation(Backups.logical("postgres"))}
 */
public interface Preparation extends DrillStep {

    /** A name that reads like the runbook, e.g. {@code logical backup(postgres)}. */
    String name();

    /**
     * Runs the step and returns what it did (for the report). Throws an unchecked exception naming
     * the step and the cause when it cannot complete; the drill is then broken.
     */
    String run(SystemUnderTest system, Timeline timeline);

    /**
     * Checks, without acting, that this step can act on {@code system}; throws an
     * {@link IllegalArgumentException} saying why when it does not apply (a backup that needs a container
     * stack, on an external system). The runner checks every step before anything starts, as it does
     * faults and recovery steps. By default nothing is checked.
     */
    @Override
    default void validate(SystemUnderTest system) {
    }
}
