package dev.firedrill.measure;

import dev.firedrill.Drill;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.Timeline;

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
        m = detectedByMonitoring(drill, timeline, m);
        var trigger = drill.trigger();
        var disruption = timeline.first(dev.firedrill.Marker.DISRUPTION);
        if (trigger == null || disruption.isEmpty() || !m.recoveryByPath().containsKey(trigger.path())) {
            return m;
        }
        // Detection on the trigger's path is when the detector fired (docs/measurements.md, D13), not the first failure.
        var byPath = new java.util.LinkedHashMap<>(m.recoveryByPath());
        var fired = trigger.firedAt(timeline.observations(trigger.path()), disruption.get());
        byPath.put(trigger.path(), byPath.get(trigger.path())
                .withDetection(fired.map(t -> t.since(disruption.get())).orElse(null), fired.orElse(null)));
        return new DrillMeasurements(byPath, m.ledger(), m.phaseStatsByPath(), m.timeline());
    }

    /**
     * With an objective that defines detection ({@link dev.firedrill.DetectionSource}, an alert the drill says is its
     * detection), the main path's detection is when that fired: the drill's monitoring, not its probes, noticed.
     */
    private static DrillMeasurements detectedByMonitoring(Drill drill, Timeline timeline, DrillMeasurements m) {
        var disruption = timeline.first(dev.firedrill.Marker.DISRUPTION);
        var main = m.recoveryByPath().containsKey("write") ? "write" : m.recoveryByPath().keySet().stream().findFirst().orElse(null);
        if (disruption.isEmpty() || main == null) {
            return m;
        }
        for (dev.firedrill.Objective o : drill.objectives()) {
            dev.firedrill.Objective inner = o instanceof dev.firedrill.Objective.Sourced s ? s.objective() : o;
            if (inner instanceof dev.firedrill.DetectionSource source && source.definesDetection()) {
                var byPath = new java.util.LinkedHashMap<>(m.recoveryByPath());
                var at = source.detectedAt(timeline, disruption.get());
                byPath.put(main, byPath.get(main).withDetection(at.map(t -> t.since(disruption.get())).orElse(null), at.orElse(null)));
                return new DrillMeasurements(byPath, m.ledger(), m.phaseStatsByPath(), m.timeline());
            }
        }
        return m;
    }
}
