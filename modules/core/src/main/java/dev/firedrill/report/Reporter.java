package dev.firedrill.report;

import dev.firedrill.DrillResult;

/**
 * Where drill results go: the Allure results, the run's evidence bundle, the console summary.
 *
 * <p>A port: the engine calls it, adapters implement it. Reporting never changes a verdict; an adapter
 * that fails is logged by {@link Reporters} and the drill's verdict stands.
 */
public interface Reporter {

    /** A run (one JVM's drills, sharing a run id and a folder under {@code reports/}) begins. */
    default void runStarted(RunInfo run) {
    }

    /** One drill finished (passed, failed, broken or skipped), with the files it produced. */
    void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts);

    /** The run ends; adapters write what covers the whole run (evidence.json, summary). */
    default void runFinished(RunInfo run) {
    }
}
