package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.FailureWindow;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The time a path spent failing after the disruption, all its failure windows together, at most a bound: the
 * maintenance window a planned change declares. A release deployed by recreating the service's container refuses
 * requests while the new container starts, and that gap is part of the plan; any failure beyond it (new code on a
 * schema it does not work on, D18's wrong order) is not. RTO does not say this: in a planned change it is timed from
 * the first step, so it counts the steps that fail nothing (a migration) as much as those that do.
 *
 * <p>A path whose last window never closed (it never became steady again) misses it. The message names the number of
 * windows and failures and the last failed answer of the longest window, so a report says why the path failed.
 *
 * <p>In a drill file: {@code - {objective: failed-time, path: write, max: 10s}}; in Java
 * {@code FailedTimeObjective.atMost("write", Duration.ofSeconds(10))}.
 *
 * @param path   the probed path
 * @param budget the longest time it may spend failing
 */
public record FailedTimeObjective(String path, Duration budget) implements Objective {

    public FailedTimeObjective {
        Slos.requirePath(path);
        Slos.requireBudget(budget, "failed time of path '" + path + "'");
    }

    /** At most {@code budget} of failures on {@code path} after the disruption, all windows together. */
    public static Objective atMost(String path, Duration budget) {
        return new FailedTimeObjective(path, budget);
    }

    /** The kind {@code failed-time}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.objective("failed-time", "the time the path spent failing after the disruption, all its"
                            + " failure windows together, at most max: the maintenance window a planned change declares (D18)")
                    .param(Param.optional("path", Param.Type.TEXT, "write", "the probed path, e.g. write, read, cache, load"),
                            Param.required("max", Param.Type.DURATION, "the declared window"))
                    .build(a -> atMost(a.text("path"), a.duration("max"))));
        }
    }

    @Override
    public String describe() {
        return "time path '" + path + "' spent failing after the disruption (all its failure windows) at most " + Objectives.words(budget);
    }

    @Override
    public String name() {
        return "failed-time(" + path + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String what = "Failed time of path '" + path + "'";
        String phase = "recovery";
        Optional<RecoveryMeasurement> r = m.recovery(path);
        if (r.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), what, phase, "≤", budget.toString(), ObjectiveMessages.millis(budget), "ms",
                    "path '" + path + "' was not probed after a disruption");
        }
        List<FailureWindow> windows = r.get().windows();
        Optional<FailureWindow> open = windows.stream().filter(w -> !w.closed()).findFirst();
        if (open.isPresent()) {
            return ObjectiveMessages.notMeasured(name(), what, phase, "≤", budget.toString(), ObjectiveMessages.millis(budget), "ms",
                    "the path never became steady again; last answer: " + lastFailure(m, open.get()));
        }
        Duration failed = r.get().failedTotal();
        String measured = failed + " in " + windows.size() + " window" + (windows.size() == 1 ? "" : "s") + ", " + r.get().failures()
                + " failed answers" + windows.stream().max(Comparator.comparing(FailureWindow::duration))
                        .map(w -> "; the longest window's last: " + lastFailure(m, w)).orElse("");
        return ObjectiveMessages.judged(name(), what, phase, "≤", budget.toString(), ObjectiveMessages.millis(budget), measured,
                ObjectiveMessages.millis(failed), "ms", failed.compareTo(budget) <= 0);
    }

    /** The detail of the last failed observation that started in {@code window}. */
    private String lastFailure(DrillMeasurements m, FailureWindow window) {
        String last = "none recorded";
        for (Observation o : m.timeline().observations(path)) {
            boolean inside = !o.start().isBefore(window.start()) && (window.end() == null || o.start().isBefore(window.end()));
            if (inside && !o.success()) {
                last = String.valueOf(o.detail());
            }
        }
        return last;
    }
}
