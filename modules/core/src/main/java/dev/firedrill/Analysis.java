package dev.firedrill;

/**
 * Turns what a drill recorded into measurements: RTO per path, phase statistics, the ledger.
 * The standard one is {@code dev.firedrill.measure.Measurements::analyse}.
 */
@FunctionalInterface
public interface Analysis {

    /** Measures {@code timeline} (and the ledger report, which may be null) with the drill's settings. */
    DrillMeasurements measure(Drill drill, Timeline timeline, LedgerReport ledger);
}
