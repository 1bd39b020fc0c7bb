package dev.firedrill.measure;

import dev.firedrill.FailureWindow;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The pure computation of detection, failure windows, RTO and TTR of one path from its observations (the
 * definitions are in {@code docs/measurements.md}). A success is a correct answer within the latency objective;
 * steady is {@code steadyRun} consecutive successes. Observations are placed at their start; a failure is "seen"
 * at its end, a success counts at its answer.
 *
 * <ul>
 *   <li>a failure window opens at the first failed observation seen at or after {@code disruption} and closes at
 *       the answer of the first success that begins a steady run; fewer than K successes between failures (a
 *       flapping recovery) keep it open;</li>
 *   <li>detection = {@code disruption} → end of the first failed observation that ends at or after it;</li>
 *   <li>RTO = {@code disruption} → the close of the <em>last</em> window, so a fault whose effect comes later (a
 *       lease expiring, a pool recycling its connections) is not scored by the successes before it bit; with no
 *       window at all, the first steady run after the disruption;</li>
 *   <li>TTR = {@code recovery-started} → that same success (zero when it came first);</li>
 *   <li>outage as observed = first failed observation after {@code steady-proven} → that same success.</li>
 * </ul>
 *
 * <p>Example: {@code RecoveryAnalysis.defaults().measure("write", timeline)}.
 *
 * @param steadyRun        K, the consecutive successes that make a path steady (default 5)
 * @param latencyObjective the slowest answer that still counts as a success (default 1 s)
 */
public record RecoveryAnalysis(int steadyRun, Duration latencyObjective) {

    /** The default K. */
    public static final int DEFAULT_STEADY_RUN = 5;
    /** The default latency objective. */
    public static final Duration DEFAULT_LATENCY_OBJECTIVE = Duration.ofSeconds(1);

    /** Validates K and the objective. */
    public RecoveryAnalysis {
        if (steadyRun < 1) {
            throw new IllegalArgumentException("RecoveryAnalysis.steadyRun (K) must be >= 1, was " + steadyRun);
        }
        Objects.requireNonNull(latencyObjective, "RecoveryAnalysis.latencyObjective must not be null");
        if (latencyObjective.isNegative() || latencyObjective.isZero()) {
            throw new IllegalArgumentException("RecoveryAnalysis.latencyObjective must be positive, was "
                    + latencyObjective);
        }
    }

    /** K = 5, latency objective 1 s. */
    public static RecoveryAnalysis defaults() {
        return new RecoveryAnalysis(DEFAULT_STEADY_RUN, DEFAULT_LATENCY_OBJECTIVE);
    }

    /** This analysis with another K. */
    public RecoveryAnalysis withSteadyRun(int k) {
        return new RecoveryAnalysis(k, latencyObjective);
    }

    /** This analysis with another latency objective. */
    public RecoveryAnalysis withLatencyObjective(Duration objective) {
        return new RecoveryAnalysis(steadyRun, objective);
    }

    /**
     * Measures {@code path} from the timeline's observations and markers ({@code steady-proven}, {@code disruption};
     * {@code recovery-started}, or {@code fault-reverted} when the fix is the revert).
     *
     * @throws IllegalStateException when the timeline has no {@code disruption} marker (RTO is undefined)
     */
    public RecoveryMeasurement measure(String path, Timeline timeline) {
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow(() -> new IllegalStateException(
                "RTO of path '" + path + "' is undefined: the timeline has no '" + Marker.DISRUPTION.id()
                        + "' marker"));
        // No recovery step, no TTR: the faults reverted when the drill ends start no recovery (the system recovered by itself).
        TimePoint recoveryStarted = timeline.first(Marker.RECOVERY_STARTED).orElse(null);
        return measure(path, timeline.observations(path), timeline.first(Marker.STEADY_PROVEN).orElse(null),
                disruption, recoveryStarted);
    }

    /**
     * Measures {@code path} from its observations, with no {@code steady-proven} marker (outage as observed then
     * starts at the first failure after the disruption).
     *
     * @param recoveryStarted null when the recovery never started (TTR is then null)
     */
    public RecoveryMeasurement measure(String path, List<Observation> observations, TimePoint disruption,
            TimePoint recoveryStarted) {
        return measure(path, observations, null, disruption, recoveryStarted);
    }

    /**
     * Measures {@code path} from its observations.
     *
     * @param steadyProven    when the steady state was proven, or null
     * @param recoveryStarted null when the recovery never started (TTR is then null)
     */
    public RecoveryMeasurement measure(String path, List<Observation> observations, TimePoint steadyProven,
            TimePoint disruption, TimePoint recoveryStarted) {
        Objects.requireNonNull(observations, "observations must not be null");
        Objects.requireNonNull(disruption, "disruption must not be null (path '" + path + "')");
        List<Observation> obs = inStartOrder(observations);

        TimePoint firstFailure = null;        // seen (answered) at or after the disruption
        TimePoint firstFailureAfterSteady = null;
        List<FailureWindow> windows = new ArrayList<>();
        TimePoint windowStart = null;
        int windowFailures = 0;
        TimePoint steadyRunBegins = null;     // the answer beginning the steady run after the last window
        TimePoint steadyRunComplete = null;
        int run = 0;
        Observation runFirst = null;
        for (Observation o : obs) {
            boolean success = o.succeededWithin(latencyObjective);
            if (!success) {
                if (firstFailureAfterSteady == null && steadyProven != null && !o.start().isBefore(steadyProven)) {
                    firstFailureAfterSteady = o.start();
                }
                if (o.end().isBefore(disruption)) {
                    continue;   // an answer before the fault acted is not its doing
                }
                if (firstFailure == null || o.end().isBefore(firstFailure)) {
                    firstFailure = o.end();
                }
                if (windowStart == null) {
                    windowStart = o.start().isBefore(disruption) ? disruption : o.start();
                    windowFailures = 0;
                }
                windowFailures++;
                run = 0;
                continue;
            }
            if (o.start().isBefore(disruption)) {
                continue;   // a success asked before the fault acted says nothing about after it
            }
            if (run++ == 0) {
                runFirst = o;
            }
            if (run == steadyRun) {
                // A success counts when its answer arrives: a request sent during the outage and held until the
                // service came back must not make the outage look shorter than it was.
                TimePoint begins = runFirst.end();
                if (windowStart != null) {
                    windows.add(new FailureWindow(windowStart, begins, windowFailures));   // begins after the window's first failure started
                    windowStart = null;
                    steadyRunBegins = begins;
                    steadyRunComplete = o.end();
                } else if (steadyRunBegins == null) {
                    steadyRunBegins = begins;
                    steadyRunComplete = o.end();
                }
            }
        }
        Duration detection = firstFailure == null ? null : firstFailure.since(disruption);
        if (windowStart != null) {   // the last window never closed: the path is still down
            windows.add(new FailureWindow(windowStart, null, windowFailures));
            return RecoveryMeasurement.neverRecovered(path, detection, firstFailure, windows);
        }
        if (steadyRunBegins == null) {
            return RecoveryMeasurement.neverRecovered(path, detection, firstFailure, windows);
        }
        Duration rto = steadyRunBegins.since(disruption);
        Duration ttr = null;
        if (recoveryStarted != null) {
            Duration d = steadyRunBegins.since(recoveryStarted);
            ttr = d.isNegative() ? Duration.ZERO : d;
        }
        Duration outageObserved = null;
        if (!windows.isEmpty()) {
            TimePoint from = firstFailureAfterSteady != null && firstFailureAfterSteady.isBefore(windows.get(0).start())
                    ? firstFailureAfterSteady : windows.get(0).start();
            outageObserved = steadyRunBegins.since(from);
        }
        return new RecoveryMeasurement(path, detection, rto, ttr, firstFailure, steadyRunBegins, steadyRunComplete,
                windows, outageObserved);
    }

    private static List<Observation> inStartOrder(List<Observation> observations) {
        for (int i = 1; i < observations.size(); i++) {
            if (observations.get(i).start().isBefore(observations.get(i - 1).start())) {
                List<Observation> sorted = new ArrayList<>(observations);
                sorted.sort(Comparator.comparing(Observation::start));
                return sorted;
            }
        }
        return observations;
    }
}
