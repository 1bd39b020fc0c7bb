package dev.firedrill.monitoring;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objective {@code no-alert}: from the steady state to the end of the drill, the named alert (any alert, when none is
 * named) never fires in Prometheus and nothing is delivered for it: a planned change (a rolling restart) pages no one.
 * A pending alert that never fired is allowed, and said.
 */
public record NoAlertObjective(String alert, Map<String, String> labels) implements Objective {

    public NoAlertObjective {
        labels = Map.copyOf(labels);
        alert = alert == null || alert.isBlank() ? null : alert;
    }

    @Override
    public String name() {
        return "no-alert" + (alert == null ? "" : "(" + alert + ")");
    }

    @Override
    public String describe() {
        return AlertObjectives.named(alert, labels) + " never fires nor is delivered";
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return AlertObjectives.watch();
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        AlertHistory history = AlertHistory.of(m.timeline());
        Optional<ObjectiveResult> unwatched = AlertObjectives.unwatched(name(), null, "0 fired", history);
        if (unwatched.isPresent()) {
            return unwatched.get();
        }
        TimePoint from = m.timeline().first(Marker.STEADY_PROVEN).orElse(m.timeline().startedAt());
        List<AlertHistory.Change> paged = history.changes(alert, labels).stream().filter(c -> !c.at().isBefore(from))
                .filter(c -> c.event().state().equals("firing") && c.event().source() != AlertEvent.Source.ALERTMANAGER).toList();
        long pending = history.changes(alert, labels).stream().filter(c -> !c.at().isBefore(from) && c.event().state().equals("pending")).count();
        String named = AlertObjectives.named(alert, labels);
        if (paged.isEmpty()) {
            return new ObjectiveResult(name(), null, "0 fired", "0 fired", "alerts", true, named + " never fired nor was delivered"
                    + (pending == 0 ? "" : " (pending " + pending + (pending == 1 ? " time" : " times") + ", never long enough to fire)"));
        }
        List<String> shown = paged.stream().limit(3).map(c -> c.event().detail() + " at " + c.at().wall()).toList();
        long fired = paged.stream().map(c -> c.event().identity()).distinct().count();
        return new ObjectiveResult(name(), null, "0 fired", fired + " fired", "alerts", false, named + " paged: "
                + String.join("; ", shown) + (paged.size() > 3 ? "; ..." : ""));
    }
}
