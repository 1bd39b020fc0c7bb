package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;

import java.util.List;
import java.util.Optional;

/** The readiness probe named the cause (e.g. "too many clients") in at least one answer between disruption and recovery start. */
record CauseNamedObjective(String path, String cause) implements Objective {

    @Override
    public String describe() {
        return "a failed answer of path '" + path + "' names the cause '" + cause + "'";
    }

    @Override
    public String name() {
        return "names-cause(" + path + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        Optional<TimePoint> from = m.timeline().first(Marker.DISRUPTION);
        Optional<TimePoint> to = m.timeline().first(Marker.RECOVERY_STARTED).or(() -> m.timeline().first(Marker.END));
        List<Observation> during = m.timeline().observations(path).stream()
                .filter(o -> from.isPresent() && !o.start().isBefore(from.get()) && (to.isEmpty() || o.start().isBefore(to.get())))
                .toList();
        long failed = during.stream().filter(o -> !o.success()).count();
        long naming = during.stream().filter(o -> !o.success() && o.detail() != null && o.detail().contains(cause)).count();
        boolean passed = naming > 0;
        return new ObjectiveResult(name(), "during", "names '" + cause + "'", naming + " of " + during.size(), "answers", passed,
                "Readiness of path '" + path + "' (phase during) named '" + cause + "' in " + naming + " of " + during.size()
                        + " answers (" + failed + " failed; last: " + last(during) + "), target at least one: " + (passed ? "met" : "missed"));
    }

    /** The last answer, said so that a path that never failed reads as such. */
    private static String last(List<Observation> during) {
        if (during.isEmpty()) {
            return "no observation";
        }
        Observation last = during.get(during.size() - 1);
        return last.success() ? "a success" : String.valueOf(last.detail());
    }
}
