package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.RecoveryMeasurement;

import java.time.Duration;
import java.util.Optional;

/**
 * The regression gate: the drill's RTO (write path, else the first probed path) at most the
 * baseline's RTO plus {@code maxShare} of it. A drill that never recovers misses it too.
 */
record RtoRegressionObjective(Duration baseline, double maxShare) implements Objective {

    RtoRegressionObjective {
        Slos.requireBudget(baseline, "RTO baseline");
        if (!(maxShare >= 0) || Double.isInfinite(maxShare)) {
            throw new IllegalArgumentException("The allowed RTO regression must be a share of 0 or more, e.g. 0.25 for 25 %, was "
                    + maxShare);
        }
    }

    @Override
    public String describe() {
        return "RTO no worse than the baseline " + Objectives.words(baseline) + " plus " + ObjectiveMessages.percent(maxShare);
    }

    @Override
    public String name() {
        return "rto-vs-baseline";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        Optional<RecoveryMeasurement> r = Optional.ofNullable(m.recoveryByPath().get("write"))
                .or(() -> m.recoveryByPath().values().stream().findFirst());
        Duration max = Duration.ofNanos(Math.round(baseline.toNanos() * (1 + maxShare)));
        String allowed = "baseline " + baseline + " + " + ObjectiveMessages.percent(maxShare) + " = " + max;
        String path = r.map(RecoveryMeasurement::path).orElse("write");
        if (r.isEmpty() || r.get().rto() == null) {
            return ObjectiveMessages.notMeasured(name(), "RTO of path '" + path + "' regressed against the baseline", "recovery",
                    "≤", allowed, ObjectiveMessages.millis(max), "ms",
                    r.isEmpty() ? "path '" + path + "' was not probed after a disruption" : "the path never recovered");
        }
        Duration rto = r.get().rto();
        boolean passed = rto.compareTo(max) <= 0;
        double change = baseline.isZero() ? 0 : (rto.toNanos() - baseline.toNanos()) / (double) baseline.toNanos();
        String what = passed ? "RTO of path '" + path + "' against the baseline"
                : "RTO of path '" + path + "' regressed by " + ObjectiveMessages.percent(change) + " against the baseline";
        return ObjectiveMessages.judged(name(), what, "recovery", "≤", allowed, ObjectiveMessages.millis(max),
                rto.toString(), ObjectiveMessages.millis(rto), "ms", passed);
    }
}
