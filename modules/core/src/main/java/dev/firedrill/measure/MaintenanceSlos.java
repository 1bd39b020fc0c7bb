package dev.firedrill.measure;

import dev.firedrill.Objective;

import java.time.Duration;

/**
 * The objectives of a change made under a maintenance mode (D19, a schema migration under read-only): failures only
 * where read-only explains them, no write acknowledged during a migration, no refused write present. Kinds:
 * {@link MaintenanceObjectiveKinds}.
 *
 * <p>Example: {@code MaintenanceSlos.failsOnlyInReadOnly("write", "read-only", Duration.ofSeconds(6))}
 */
public final class MaintenanceSlos {

    private MaintenanceSlos() {
    }

    /**
     * {@code path} fails inside read-only stretches only naming {@code cause} (null: never), and outside them only in
     * failure windows of at most {@code gap} (a deploy's recreation gap).
     */
    public static Objective failsOnlyInReadOnly(String path, String cause, Duration gap) {
        return new ReadOnlyStretchesObjective(path, cause, gap, false);
    }

    /**
     * Users saw the maintenance page throughout the maintenance window (runbook 000 §Scheduled Maintenance, D21): between
     * the notes {@code <service> mode: off -> maintenance} and {@code ... -> off}, every answer of {@code path} is a failure
     * naming {@code cause} and none is served; outside it, failure windows last at most {@code gap}.
     */
    public static Objective maintenancePageOnly(String path, String cause, Duration gap) {
        return new ReadOnlyStretchesObjective(path, cause, gap, true);
    }

    /** No success of {@code path} while a step whose name starts with {@code steps} ran ({@code migrate}: every migration). */
    public static Objective writesFrozenDuring(String path, String steps) {
        return new WritesFrozenObjective(path, steps);
    }

    /** No write the service refused (a definite failure) is in the database. */
    public static Objective refusedWritesAbsent() {
        return new RefusedWritesAbsentObjective();
    }
}
