package dev.firedrill;

import java.time.Duration;
import java.util.Objects;

/**
 * How one path (write, read...) went down and came back (contracts §3). Null durations mean "did
 * not happen": {@code detection} null = no failure was seen; {@code rto} and {@code ttr} null = never
 * recovered (the drill fails).
 *
 * @param path               the probed path
 * @param detection          from {@code disruption} to the end of the first failed observation
 * @param rto                from {@code disruption} to the start of the first success that begins a steady run
 * @param ttr                from {@code recovery-started} to that same success (zero if it came before)
 * @param firstFailure       when the first failure was seen (end of that observation), or null
 * @param firstSteadySuccess the start of the success that begins the steady run, or null
 * @param steadyAt           when the steady run was complete (end of its K-th success), or null
 */
public record RecoveryMeasurement(String path, Duration detection, Duration rto, Duration ttr,
        TimePoint firstFailure, TimePoint firstSteadySuccess, TimePoint steadyAt) {

    /** Validates the path. */
    public RecoveryMeasurement {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("RecoveryMeasurement.path must not be blank, was '" + path + "'");
        }
    }

    /** Whether the path reached a steady run after the disruption. */
    public boolean recovered() {
        return rto != null;
    }

    /** Whether any failure was seen after the disruption. */
    public boolean failed() {
        return firstFailure != null;
    }

    /** This measurement with detection from another detector (e.g. error-rate detection, D13). */
    public RecoveryMeasurement withDetection(Duration newDetection, TimePoint newFirstFailure) {
        return new RecoveryMeasurement(path, newDetection, rto, ttr, newFirstFailure, firstSteadySuccess, steadyAt);
    }

    /** A path that was never probed after the disruption or never recovered. */
    public static RecoveryMeasurement neverRecovered(String path, Duration detection, TimePoint firstFailure) {
        Objects.requireNonNull(path, "path must not be null");
        return new RecoveryMeasurement(path, detection, null, null, firstFailure, null, null);
    }
}
