package dev.firedrill;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one path (write, read...) went down and came back. Null durations mean "did not happen":
 * {@code detection} null = no failure was seen; {@code rto} and {@code ttr} null = never recovered (the drill
 * fails). The definitions are in {@code docs/measurements.md}.
 *
 * @param path               the probed path
 * @param detection          from {@code disruption} to the end of the first failed observation
 * @param rto                from {@code disruption} to the answer of the first success that begins a steady run
 *                           after the last window of failures (when there was none: the first steady run)
 * @param ttr                from {@code recovery-started} to that same success (zero if it came before)
 * @param firstFailure       when the first failure after {@code disruption} was seen (end of that observation), or null
 * @param firstSteadySuccess the answer of the success that begins that steady run, or null
 * @param steadyAt           when that steady run was complete (end of its K-th success), or null
 * @param windows            the windows of failures after {@code disruption}, in order; empty when the path never failed
 * @param outageObserved     from the first failed observation after {@code steady-proven} to {@code firstSteadySuccess};
 *                           null when the path never failed or never recovered
 */
public record RecoveryMeasurement(String path, Duration detection, Duration rto, Duration ttr,
        TimePoint firstFailure, TimePoint firstSteadySuccess, TimePoint steadyAt,
        List<FailureWindow> windows, Duration outageObserved) {

    /** Validates the path and copies the windows. */
    public RecoveryMeasurement {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("RecoveryMeasurement.path must not be blank, was '" + path + "'");
        }
        windows = List.copyOf(Objects.requireNonNull(windows, "RecoveryMeasurement.windows must not be null"));
    }

    /** A measurement without failure windows (a path that never failed, or figures given by hand in tests). */
    public RecoveryMeasurement(String path, Duration detection, Duration rto, Duration ttr,
            TimePoint firstFailure, TimePoint firstSteadySuccess, TimePoint steadyAt) {
        this(path, detection, rto, ttr, firstFailure, firstSteadySuccess, steadyAt, List.of(), null);
    }

    /** Whether the path reached a steady run after the disruption (and after its last window of failures). */
    public boolean recovered() {
        return rto != null;
    }

    /** Whether any failure was seen after the disruption. */
    public boolean failed() {
        return firstFailure != null;
    }

    /** The sum of the windows' durations (the closed ones); zero when the path never failed. */
    public Duration failedTotal() {
        return windows.stream().map(FailureWindow::duration).filter(Objects::nonNull).reduce(Duration.ZERO, Duration::plus);
    }

    /** How many observations failed after the disruption, over all windows. */
    public int failures() {
        return windows.stream().mapToInt(FailureWindow::failures).sum();
    }

    /** This measurement with detection from another detector (e.g. error-rate detection, D13). */
    public RecoveryMeasurement withDetection(Duration newDetection, TimePoint newFirstFailure) {
        return new RecoveryMeasurement(path, newDetection, rto, ttr, newFirstFailure, firstSteadySuccess, steadyAt,
                windows, outageObserved);
    }

    /** A path that was never probed after the disruption or never recovered. */
    public static RecoveryMeasurement neverRecovered(String path, Duration detection, TimePoint firstFailure) {
        return neverRecovered(path, detection, firstFailure, List.of());
    }

    /** A path that failed in {@code windows} and never became steady after the last of them. */
    public static RecoveryMeasurement neverRecovered(String path, Duration detection, TimePoint firstFailure,
            List<FailureWindow> windows) {
        Objects.requireNonNull(path, "path must not be null");
        return new RecoveryMeasurement(path, detection, null, null, firstFailure, null, null, windows, null);
    }
}
