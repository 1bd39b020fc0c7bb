package dev.firedrill.monitoring;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objective {@code alert-resolves}: the named alert, having fired after the disruption, resolves in Prometheus within
 * {@code within} of the system's recovery ({@code recovered}: every probed path steady again), and (when
 * {@code delivered}) the resolution reaches the drill's receiver within the same bound. An alert that stays firing,
 * or never fired, misses it.
 */
public record AlertResolvesObjective(String alert, Map<String, String> labels, Duration within, boolean delivered) implements Objective {

    public AlertResolvesObjective {
        AlertObjectives.requireAlert(alert, "alert-resolves");
        labels = Map.copyOf(labels);
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("alert-resolves " + alert + ": 'within' is a duration above 0, e.g. 30s");
        }
    }

    @Override
    public String name() {
        return "alert-resolves(" + alert + ")";
    }

    @Override
    public String describe() {
        return "alert " + AlertObjectives.named(alert, labels) + " resolves" + (delivered ? " (and the resolution is delivered)" : "")
                + " within " + AlertObjectives.seconds(within) + " of the recovery";
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return AlertObjectives.watch();
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String target = "≤ " + within.toMillis();
        AlertHistory history = AlertHistory.of(m.timeline());
        Optional<ObjectiveResult> unwatched = AlertObjectives.unwatched(name(), "after", target, history);
        if (unwatched.isPresent()) {
            return unwatched.get();
        }
        String named = AlertObjectives.named(alert, labels);
        TimePoint disruption = AlertObjectives.from(m, Marker.DISRUPTION);
        Optional<AlertHistory.Change> fired = disruption == null ? Optional.empty()
                : history.first(AlertEvent.Source.PROMETHEUS, "firing", alert, labels, disruption);
        if (fired.isEmpty()) {
            return new ObjectiveResult(name(), "after", target, null, "ms", false, "Alert " + named + " never fired after the disruption,"
                    + " so it could not resolve: " + AlertObjectives.why(alert, history));
        }
        TimePoint recovered = AlertObjectives.from(m, Marker.RECOVERED);
        if (recovered == null) {
            return new ObjectiveResult(name(), "after", target, null, "ms", false, "Alert " + named + ": the system never recovered, so"
                    + " there was no recovery for it to resolve after");
        }
        Optional<AlertHistory.Change> resolved = history.first(AlertEvent.Source.PROMETHEUS, "resolved", alert, labels, fired.get().at());
        if (resolved.isEmpty()) {
            return new ObjectiveResult(name(), "after", target, null, "ms", false, "Alert " + named + " was still firing when the drill"
                    + " ended, " + AlertObjectives.seconds(m.timeline().clock().now().since(recovered)) + " after the recovery");
        }
        Duration after = resolved.get().at().since(recovered);
        boolean passed = after.compareTo(within) <= 0;
        StringBuilder message = new StringBuilder("Alert " + named + " resolved " + relative(after));
        if (delivered && history.deliveryObserved()) {
            Optional<AlertHistory.Change> delivery = history.first(AlertEvent.Source.DELIVERED, "resolved", alert, labels, fired.get().at());
            if (delivery.isEmpty()) {
                passed = false;
                message.append(", but its resolution was never delivered to Firedrill's receiver");
            } else {
                Duration deliveredAfter = delivery.get().at().since(recovered);
                passed &= deliveredAfter.compareTo(within) <= 0;
                message.append(", its resolution delivered ").append(relative(deliveredAfter));
            }
        }
        message.append("; target ≤ ").append(AlertObjectives.seconds(within)).append(": ").append(passed ? "met" : "missed");
        return new ObjectiveResult(name(), "after", target, Long.toString(after.toMillis()), "ms", passed, message.toString());
    }

    /** {@code 2.0 s after the recovery}, or {@code 0.6 s before the system was steady again} (monitoring saw it first). */
    private static String relative(Duration d) {
        return d.isNegative() ? AlertObjectives.seconds(d.negated()) + " before the system was steady again"
                : AlertObjectives.seconds(d) + " after the recovery";
    }
}
