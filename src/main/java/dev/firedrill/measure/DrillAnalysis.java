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
        return Measurements.compute(timeline, ledger,
                new RecoveryAnalysis(drill.steadyRun(), drill.latencyObjective()), drill.settle());
    }
}
