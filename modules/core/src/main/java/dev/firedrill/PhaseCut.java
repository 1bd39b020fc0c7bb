package dev.firedrill;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The phase boundaries of one drill, read once from its markers, so that many observations can be
 * cut by phase cheaply. Boundaries that were never marked are null; a missing
 * {@code recovery-started} falls back to {@code fault-reverted} (a drill whose fix is reverting the
 * fault). A {@code recovered} marked before {@code recovery-started} (the path healed by itself
 * during the hold) counts from {@code recovery-started}: the {@code recovery} phase is then empty
 * and {@code during} keeps its full length. Example:
 * {@code timeline.phaseCut(Duration.ofSeconds(5)).phaseOf(observation.start())}.
 *
 * @param disruption      the {@code disruption} marker, null when the drill had none (all is {@code before})
 * @param recoveryStarted the {@code recovery-started} (or {@code fault-reverted}) marker, or null
 * @param recovered       the {@code recovered} marker, or null (never recovered)
 * @param end             the {@code end} marker, or null (open-ended)
 * @param settle          the gap after {@code recovered} that belongs to no phase
 */
public record PhaseCut(TimePoint disruption, TimePoint recoveryStarted, TimePoint recovered, TimePoint end,
        Duration settle) {

    /** The default settle time after {@code recovered} (docs/measurements.md). */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);

    /** Validates the settle time. */
    public PhaseCut {
        Objects.requireNonNull(settle, "PhaseCut.settle must not be null");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("PhaseCut.settle must not be negative, was " + settle);
        }
        if (recovered != null && recoveryStarted != null && recovered.isBefore(recoveryStarted)) {
            recovered = recoveryStarted;
        }
    }

    /** The phase {@code t} belongs to; empty in the settle gap and at or after {@code end}. */
    public Optional<Phase> phaseOf(TimePoint t) {
        Objects.requireNonNull(t, "t must not be null");
        if (end != null && !t.isBefore(end)) {
            return Optional.empty();
        }
        if (disruption == null || t.isBefore(disruption)) {
            return Optional.of(Phase.BEFORE);
        }
        if (recovered != null && !t.isBefore(recovered)) {
            return t.isBefore(recovered.plus(settle)) ? Optional.empty() : Optional.of(Phase.AFTER);
        }
        if (recoveryStarted == null || t.isBefore(recoveryStarted)) {
            return Optional.of(Phase.DURING);
        }
        return Optional.of(Phase.RECOVERY);
    }

    /** Where {@code phase} starts, or null when it starts with the drill (before) or never started. */
    public TimePoint startOf(Phase phase) {
        return switch (phase) {
            case BEFORE -> null;
            case DURING -> disruption;
            case RECOVERY -> disruption == null ? null : recoveryStarted;
            case AFTER -> disruption == null || recovered == null ? null : recovered.plus(settle);
        };
    }

    /** Where {@code phase} ends, or null when it is open-ended. */
    public TimePoint endOf(Phase phase) {
        TimePoint next = switch (phase) {
            case BEFORE -> disruption;
            case DURING -> recoveryStarted != null ? recoveryStarted : recovered;
            case RECOVERY -> recovered;
            case AFTER -> null;
        };
        if (next == null || (end != null && end.isBefore(next))) {
            return end;
        }
        return next;
    }
}
