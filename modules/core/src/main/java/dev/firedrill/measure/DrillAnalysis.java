package dev.firedrill.measure;

import dev.firedrill.Drill;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;

import java.util.Optional;

/**
 * The standard {@link dev.firedrill.Analysis}: RTO, TTR and detection per path with the drill's K and
 * latency objective, phase statistics with its settle time, and the ledger report.
 *
 * <p>Example: {@code new DrillRunner(clock, DrillAnalysis::analyse, reporter)}
 */
public final class DrillAnalysis {

    private DrillAnalysis() {
    }

    public static DrillMeasurements analyse(Drill drill, Timeline timeline, LedgerReport ledger) {
        DrillMeasurements m = Measurements.compute(timeline, ledger,
                new RecoveryAnalysis(drill.steadyRun(), drill.latencyObjective()), drill.settle());
        var disruption = timeline.first(dev.firedrill.Marker.DISRUPTION);
        if (disruption.isEmpty()) {
            return m;
        }
        m = detectedByMonitoring(drill, timeline, m, disruption.get());
        var trigger = drill.trigger();
        if (trigger == null) {
            return m;
        }
        // Detection on the trigger's path is when the detector fired (docs/measurements.md, D13), not the first failure.
        return detectedAt(m, trigger.path(), trigger.firedAt(timeline, disruption.get()), disruption.get());
    }

    /**
     * With an objective that defines detection ({@link dev.firedrill.DetectionSource}, an alert the drill says is its
     * detection), the main path's detection is when that fired: the drill's monitoring, not its probes, noticed.
     */
    private static DrillMeasurements detectedByMonitoring(Drill drill, Timeline timeline, DrillMeasurements m, TimePoint disruption) {
        String main = m.recoveryByPath().containsKey("write") ? "write" : m.recoveryByPath().keySet().stream().findFirst().orElse(null);
        for (dev.firedrill.Objective o : drill.objectives()) {
            dev.firedrill.Objective inner = o instanceof dev.firedrill.Objective.Sourced s ? s.objective() : o;
            if (main != null && inner instanceof dev.firedrill.DetectionSource source && source.definesDetection()) {
                return detectedAt(m, main, source.detectedAt(timeline, disruption), disruption);
            }
        }
        return m;
    }

    /** {@code m} with the detection of {@code path} (when it was measured) set to {@code at}, or to none when empty. */
    private static DrillMeasurements detectedAt(DrillMeasurements m, String path, Optional<TimePoint> at, TimePoint disruption) {
        if (!m.recoveryByPath().containsKey(path)) {
            return m;
        }
        var byPath = new java.util.LinkedHashMap<>(m.recoveryByPath());
        byPath.put(path, byPath.get(path).withDetection(at.map(t -> t.since(disruption)).orElse(null), at.orElse(null)));
        return new DrillMeasurements(byPath, m.ledger(), m.phaseStatsByPath(), m.timeline());
    }
}
