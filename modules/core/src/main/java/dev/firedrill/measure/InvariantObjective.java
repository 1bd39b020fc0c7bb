package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * What must hold, judged on a probed path's observations: {@code always}, every observation from the steady state to the
 * end of the drill succeeded (through the fault and the recovery: "at most one primary at any instant"), or
 * {@code at-end}, the last one did ("the old leader is not primary after the partition"). Missed, it is a failed drill
 * (not a broken one), and says the instants it broke: each run of failed observations, its first and last, and what
 * the probe saw.
 */
record InvariantObjective(String path, boolean always) implements Objective {

    /** How many broken stretches the message names. */
    static final int SHOWN = 5;

    InvariantObjective {
        Slos.requirePath(path);
    }

    @Override
    public String name() {
        return "invariant(" + path + (always ? "" : ", at end") + ")";
    }

    @Override
    public String describe() {
        return always ? "every observation of path '" + path + "' from the steady state on holds" : "the last observation of path '" + path + "' holds";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        TimePoint from = m.timeline().first(Marker.STEADY_PROVEN).orElse(m.timeline().startedAt());
        List<Observation> observed = m.timeline().observations(path).stream().filter(o -> !o.start().isBefore(from)).toList();
        String target = always ? "0 broken" : "holds at the end";
        if (observed.isEmpty()) {
            return new ObjectiveResult(name(), null, target, null, "observations", false,
                    "Invariant on path '" + path + "' was not observed: no probe records that path after the steady state");
        }
        if (!always) {
            Observation last = observed.get(observed.size() - 1);
            return new ObjectiveResult(name(), "after", target, last.success() ? "holds" : "broken", "observations", last.success(),
                    "Invariant on path '" + path + "' at the end (" + last.start().wall() + "): " + (last.success() ? "holds" : "broken")
                            + ", the probe saw " + last.detail());
        }
        List<String> stretches = new ArrayList<>();
        long broken = 0;
        Observation first = null;
        Observation last = null;
        for (Observation o : observed) {
            if (!o.success()) {
                broken++;
                first = first == null ? o : first;
                last = o;
            } else if (first != null) {
                stretches.add(stretch(first, last));
                first = null;
            }
        }
        if (first != null) {
            stretches.add(stretch(first, last) + " (until the end)");
        }
        boolean holds = broken == 0;
        String message = holds ? "Invariant on path '" + path + "' held at all " + observed.size() + " observations"
                : "Invariant on path '" + path + "' broke " + broken + " of " + observed.size() + " times, in " + stretches.size()
                        + (stretches.size() == 1 ? " stretch: " : " stretches: ") + String.join("; ", stretches.subList(0, Math.min(SHOWN, stretches.size())))
                        + (stretches.size() > SHOWN ? "; ..." : "");
        return new ObjectiveResult(name(), null, target, broken + " broken", "observations", holds, message);
    }

    private static String stretch(Observation first, Observation last) {
        return first.start().wall() + (first == last ? "" : " to " + last.start().wall()) + " (" + first.detail() + ")";
    }
}
