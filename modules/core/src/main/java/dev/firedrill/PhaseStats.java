package dev.firedrill;

import java.time.Duration;
import java.util.Objects;

/**
 * Statistics of one series of observations within one phase. Percentiles are nearest-rank over
 * every observation of the phase (failures included, as a client experiences them); null when the
 * phase has no observation.
 *
 * @param throughputPerSecond observations per second of the phase's length (0 when the length is unknown or zero)
 */
public record PhaseStats(Phase phase, long count, long errors, double errorRate, double throughputPerSecond,
        Duration p50, Duration p95, Duration p99) {

    /** Validates counts and rates. */
    public PhaseStats {
        Objects.requireNonNull(phase, "PhaseStats.phase must not be null");
        if (count < 0 || errors < 0 || errors > count) {
            throw new IllegalArgumentException("PhaseStats(" + phase.id() + "): need 0 <= errors <= count, was errors="
                    + errors + ", count=" + count);
        }
        if (Double.isNaN(errorRate) || errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("PhaseStats(" + phase.id() + ").errorRate must be in [0, 1], was "
                    + errorRate);
        }
    }

    /** The statistics of a phase without observations. */
    public static PhaseStats empty(Phase phase) {
        return new PhaseStats(phase, 0, 0, 0.0, 0.0, null, null, null);
    }
}
