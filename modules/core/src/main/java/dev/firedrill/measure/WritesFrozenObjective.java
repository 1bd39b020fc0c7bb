package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;
import dev.firedrill.TimelineEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * No write acknowledged while a step ran (D19: every schema migration runs on a frozen data set, the reason a runbook
 * switches read-only on first). The steps are those whose name starts with {@code steps} ({@code migrate} names every
 * migration, {@code migrate(upgrade ...)}, {@code migrate(-1)}), from their {@code step-started} to their
 * {@code step-finished} (or {@code step-failed}) notes; a success of {@code path} that began and ended within one
 * breaks it. Without any such step it is not measured, and missed.
 */
record WritesFrozenObjective(String path, String steps) implements Objective {

    WritesFrozenObjective {
        Slos.requirePath(path);
        if (steps == null || steps.isBlank()) {
            throw new IllegalArgumentException("writes-frozen-during needs the steps' name, e.g. migrate (every migration)");
        }
    }

    @Override
    public String name() {
        return "writes-frozen-during(" + steps + ")";
    }

    @Override
    public String describe() {
        return "no success of path '" + path + "' while a step named " + steps + "(...) ran";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        List<TimePoint[]> ran = ran(m.timeline().events());
        if (ran.isEmpty()) {
            return new ObjectiveResult(name(), null, "0", null, "writes", false, "Writes of path '" + path + "' during steps "
                    + steps + "(...) not measured: no such step ran");
        }
        List<Observation> during = m.timeline().observations(path).stream().filter(Observation::success)
                .filter(o -> ran.stream().anyMatch(s -> !o.start().isBefore(s[0]) && !o.end().isAfter(s[1]))).toList();
        boolean passed = during.isEmpty();
        return new ObjectiveResult(name(), null, "0", Integer.toString(during.size()), "writes", passed,
                "Writes of path '" + path + "' acknowledged while " + ran.size() + " step(s) " + steps + "(...) ran: " + during.size()
                        + (during.isEmpty() ? "" : " (the first at " + during.get(0).start().wall() + ")") + ", target 0: "
                        + (passed ? "met" : "missed"));
    }

    /** [started, finished] of each step whose name starts with {@code steps}. */
    private List<TimePoint[]> ran(List<TimelineEvent> events) {
        List<TimePoint[]> ran = new ArrayList<>();
        TimePoint started = null;
        for (TimelineEvent e : events) {
            String detail = e.detail() == null ? "" : e.detail();
            if ("step-started".equals(e.kind()) && detail.startsWith(steps)) {
                started = e.at();
            } else if (started != null && ("step-finished".equals(e.kind()) || "step-failed".equals(e.kind())) && detail.startsWith(steps)) {
                ran.add(new TimePoint[] {started, e.at()});
                started = null;
            }
        }
        return ran;
    }
}
