package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;

import java.util.List;

/**
 * No failed answer of the path names {@code cause}, from the steady state to the end: a failure the change must never
 * cause, whatever its timing (D18: no answer of "does not match the database schema", the release and its schema
 * deployed in the wrong order). Judged by what the answers say, not by how long they lasted: a machine's speed moves
 * the latter, not the former.
 */
record NoFailureNamingObjective(String path, String cause) implements Objective {

    private static final int SHOWN = 3;

    NoFailureNamingObjective {
        Slos.requirePath(path);
        if (cause == null || cause.isBlank()) {
            throw new IllegalArgumentException("no-failure-naming(" + path + "): 'cause' is the text no failed answer may contain,"
                    + " e.g. 'does not match the database schema'");
        }
    }

    @Override
    public String name() {
        return "no-failure-naming(" + path + ")";
    }

    @Override
    public String describe() {
        return "no failed answer of path '" + path + "' names '" + cause + "'";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        TimePoint from = m.timeline().first(Marker.STEADY_PROVEN).orElse(m.timeline().startedAt());
        List<Observation> observed = m.timeline().observations(path).stream().filter(o -> !o.start().isBefore(from)).toList();
        List<Observation> naming = observed.stream().filter(o -> !o.success() && o.detail() != null && o.detail().contains(cause)).toList();
        long failed = observed.stream().filter(o -> !o.success()).count();
        boolean passed = naming.isEmpty() && !observed.isEmpty();
        String examples = naming.stream().limit(SHOWN).map(o -> o.start().wall() + ": " + o.detail()).toList().toString();
        return new ObjectiveResult(name(), null, "0", Integer.toString(naming.size()), "answers", passed,
                "Path '" + path + "': " + naming.size() + " of " + failed + " failed answers (of " + observed.size() + ") named '"
                        + cause + "', target 0: " + (passed ? "met" : observed.isEmpty() ? "missed (no observation of the path)"
                        : "missed: " + examples));
    }
}
