package dev.firedrill.report;

import dev.firedrill.DrillResult;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Several reporters as one; a reporter that throws is logged and skipped, never a verdict.
 */
public final class Reporters implements Reporter {

    private static final Logger LOG = Logger.getLogger(Reporters.class.getName());

    private final List<Reporter> reporters;

    private Reporters(List<Reporter> reporters) {
        this.reporters = List.copyOf(reporters);
    }

    public static Reporters of(Reporter... reporters) {
        return new Reporters(List.of(reporters));
    }

    @Override
    public void runStarted(RunInfo run) {
        each("runStarted", r -> r.runStarted(run));
    }

    @Override
    public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        each("drillFinished(" + result.drillId() + ")", r -> r.drillFinished(run, result, artifacts));
    }

    @Override
    public void runFinished(RunInfo run) {
        each("runFinished", r -> r.runFinished(run));
    }

    private void each(String call, java.util.function.Consumer<Reporter> action) {
        for (Reporter reporter : reporters) {
            try {
                action.accept(reporter);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "Reporter " + reporter.getClass().getSimpleName() + " failed in " + call
                        + "; the drill's verdict stands: " + e, e);
            }
        }
    }
}
