package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Entry point that turns a recorded timeline (and a ledger report) into {@link DrillMeasurements}:
 * recovery per probed path (when a disruption was marked) and phase statistics per path.
 *
 * <p>Example: {@code DrillMeasurements m = Measurements.compute(timeline, ledgerReport);}
 */
public final class Measurements {

    private Measurements() {
    }

    /** With the defaults: K = 5, latency objective 1 s, settle 5 s. */
    public static DrillMeasurements compute(Timeline timeline, LedgerReport ledger) {
        return compute(timeline, ledger, RecoveryAnalysis.defaults(), dev.firedrill.PhaseCut.DEFAULT_SETTLE);
    }

    /** With the given recovery analysis and settle time. */
    public static DrillMeasurements compute(Timeline timeline, LedgerReport ledger, RecoveryAnalysis recovery,
            Duration settle) {
        Objects.requireNonNull(timeline, "timeline must not be null");
        Map<String, RecoveryMeasurement> byPath = new LinkedHashMap<>();
        if (timeline.first(Marker.DISRUPTION).isPresent()) {
            for (String path : timeline.paths()) {
                byPath.put(path, recovery.measure(path, timeline));
            }
        }
        Map<String, Map<Phase, PhaseStats>> stats = PhaseStatistics.byPath(timeline, settle);
        return new DrillMeasurements(byPath, ledger, stats, timeline);
    }

    /**
     * Marks {@code recovered} at the success that begins the steady run of {@code m}, so the
     * {@code recovery} phase ends where the RTO ends; nothing when the path never recovered or the
     * marker is already set.
     */
    public static Optional<TimelineEvent> markRecovered(Timeline timeline, RecoveryMeasurement m) {
        if (!m.recovered() || timeline.first(Marker.RECOVERED).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(timeline.mark(Marker.RECOVERED, "path '" + m.path() + "' steady again",
                m.firstSteadySuccess()));
    }
}
