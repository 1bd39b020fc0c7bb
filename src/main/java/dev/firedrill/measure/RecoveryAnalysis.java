package dev.firedrill.measure;

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
 * The pure computation of detection, RTO and TTR of one path from its observations (contracts §3).
 * A success is a correct answer within the latency objective; steady is {@code steadyRun}
 * consecutive successes. Observations are placed at their start; a failure is "seen" at its end.
 *
 * <ul>
 *   <li>detection = {@code disruption} → end of the first failed observation that ends at or after it;</li>
 *   <li>RTO = {@code disruption} → start of the first success, started at or after the disruption,
 *       that begins a run of K successes;</li>
 *   <li>TTR = {@code recovery-started} → that same success (zero when it came first).</li>
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
     * Measures {@code path} from the timeline's observations and markers ({@code disruption};
     * {@code recovery-started}, or {@code fault-reverted} when the fix is the revert).
     *
     * @throws IllegalStateException when the timeline has no {@code disruption} marker (RTO is undefined)
     */
    public RecoveryMeasurement measure(String path, Timeline timeline) {
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow(() -> new IllegalStateException(
                "RTO of path '" + path + "' is undefined: the timeline has no '" + Marker.DISRUPTION.id()
                        + "' marker"));
        TimePoint recoveryStarted = timeline.first(Marker.RECOVERY_STARTED)
                .or(() -> timeline.first(Marker.FAULT_REVERTED)).orElse(null);
        return measure(path, timeline.observations(path), disruption, recoveryStarted);
    }

    /**
     * Measures {@code path} from its observations.
     *
     * @param recoveryStarted null when the recovery never started (TTR is then null)
     */
    public RecoveryMeasurement measure(String path, List<Observation> observations, TimePoint disruption,
            TimePoint recoveryStarted) {
        Objects.requireNonNull(observations, "observations must not be null");
        Objects.requireNonNull(disruption, "disruption must not be null (path '" + path + "')");
        List<Observation> obs = observations;
        for (int i = 1; i < obs.size(); i++) {
            if (obs.get(i).start().isBefore(obs.get(i - 1).start())) {
                obs = new ArrayList<>(observations);
                obs.sort(Comparator.comparing(Observation::start));
                break;
            }
        }

        TimePoint firstFailure = null;
        for (Observation o : obs) {
            if (!o.succeededWithin(latencyObjective)) {
                TimePoint seen = o.end();
                if (!seen.isBefore(disruption) && (firstFailure == null || seen.isBefore(firstFailure))) {
                    firstFailure = seen;
                }
            }
        }
        Duration detection = firstFailure == null ? null : firstFailure.since(disruption);

        int run = 0;
        for (int i = 0; i < obs.size(); i++) {
            Observation o = obs.get(i);
            if (o.start().isBefore(disruption)) {
                continue;
            }
            run = o.succeededWithin(latencyObjective) ? run + 1 : 0;
            if (run == steadyRun) {
                Observation first = obs.get(i - steadyRun + 1);
                // A success counts when its answer arrives: a request sent during the outage and held
                // until the service came back must not make the outage look shorter than it was.
                TimePoint recoveredAt = first.end();
                Duration rto = recoveredAt.since(disruption);
                Duration ttr = null;
                if (recoveryStarted != null) {
                    Duration d = recoveredAt.since(recoveryStarted);
                    ttr = d.isNegative() ? Duration.ZERO : d;
                }
                return new RecoveryMeasurement(path, detection, rto, ttr, firstFailure, recoveredAt, o.end());
            }
        }
        return RecoveryMeasurement.neverRecovered(path, detection, firstFailure);
    }
}
