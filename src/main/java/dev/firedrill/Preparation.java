package dev.firedrill;

/**
 * A step the drill takes after the steady state is proven and before the faults, such as the
 * backup a restore drill later restores. It receives the {@link Timeline} so that it can put the
 * marker it alone knows the instant of (a backup's snapshot: {@link Marker#RECOVERY_POINT}).
 * Implementations: {@code dev.firedrill.recovery.Backups}.
 *
 * <p>Example: {@code Drill.builder("D09", "Backup and restore").preparation(Backups.logical("postgres"))}
 */
public interface Preparation {

    /** A name that reads like the runbook, e.g. {@code logical backup(postgres)}. */
    String name();

    /**
     * Runs the step and returns what it did (for the report). Throws an unchecked exception naming
     * the step and the cause when it cannot complete; the drill is then broken.
     */
    String run(SystemUnderTest system, Timeline timeline);
}
