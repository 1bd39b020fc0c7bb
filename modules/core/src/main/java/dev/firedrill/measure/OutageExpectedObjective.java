package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.FailureWindow;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.RecoveryMeasurement;

import java.util.Optional;

/**
 * The path must go down after the disruption: at least one window of failed observations. Without it, a fault that
 * never bit (a wrong target, a system that shrugs it off) passes with an RTO of a few milliseconds.
 */
record OutageExpectedObjective(String path) implements Objective {

    OutageExpectedObjective {
        Slos.requirePath(path);
    }

    @Override
    public String describe() {
        return "path '" + path + "' goes down after the disruption (at least one failed observation)";
    }

    @Override
    public String name() {
        return "expect-outage(" + path + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        Optional<RecoveryMeasurement> r = m.recovery(path);
        if (r.isEmpty()) {
            return new ObjectiveResult(name(), "during", "≥ 1", null, "failure windows", false,
                    "Outage of path '" + path + "' was expected, but the path was not probed after a disruption: not measured");
        }
        int windows = r.get().windows().size();
        boolean passed = windows > 0;
        long observed = m.timeline().observations(path).size();
        String message = passed
                ? "Path '" + path + "' went down as expected: " + windows + (windows == 1 ? " window" : " windows") + ", "
                        + r.get().failures() + " failed observations, the first " + r.get().windows().get(0).start().wall()
                        + (r.get().windows().stream().allMatch(FailureWindow::closed) ? "" : " (the last never closed)")
                : "Path '" + path + "' was expected to go down after the disruption, but none of its " + observed
                        + " observations failed after it: the fault never bit, so its RTO says nothing";
        return new ObjectiveResult(name(), "during", "≥ 1", String.valueOf(windows), "failure windows", passed, message);
    }
}
