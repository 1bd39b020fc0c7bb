package dev.firedrill.monitoring;

import dev.firedrill.DetectionSource;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objective {@code alert-fires}: the named alert reaches {@code firing} in Prometheus within {@code within} of the
 * disruption and (when {@code delivered}) Alertmanager delivers it to the drill's receiver within the same bound; on
 * monitoring Firedrill did not configure, Alertmanager holding it for its receivers stands for delivery. The measured
 * detection time is firing minus disruption; with {@code detection} it becomes the drill's detection figure.
 */
public record AlertFiresObjective(String alert, Map<String, String> labels, Duration within, boolean delivered, boolean detection)
        implements Objective, DetectionSource {

    public AlertFiresObjective {
        AlertObjectives.requireAlert(alert, "alert-fires");
        labels = Map.copyOf(labels);
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("alert-fires " + alert + ": 'within' is a duration above 0, e.g. 1m10s");
        }
    }

    @Override
    public String name() {
        return "alert-fires(" + alert + ")";
    }

    @Override
    public String describe() {
        return "alert " + AlertObjectives.named(alert, labels) + " fires" + (delivered ? " and is delivered" : "") + " within "
                + AlertObjectives.seconds(within) + " of the disruption";
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return AlertObjectives.watch();
    }

    @Override
    public boolean definesDetection() {
        return detection;
    }

    @Override
    public Optional<TimePoint> detectedAt(Timeline timeline, TimePoint disruption) {
        return AlertHistory.of(timeline).first(AlertEvent.Source.PROMETHEUS, "firing", alert, labels, disruption).map(AlertHistory.Change::at);
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String target = "≤ " + within.toMillis();
        AlertHistory history = AlertHistory.of(m.timeline());
        Optional<ObjectiveResult> unwatched = AlertObjectives.unwatched(name(), "during", target, history);
        if (unwatched.isPresent()) {
            return unwatched.get();
        }
        TimePoint disruption = AlertObjectives.from(m, Marker.DISRUPTION);
        String named = AlertObjectives.named(alert, labels);
        if (disruption == null) {
            return new ObjectiveResult(name(), "during", target, null, "ms", false, "Alert " + named + ": nothing disrupted the system, so"
                    + " there was nothing for it to fire on");
        }
        Optional<AlertHistory.Change> fired = history.first(AlertEvent.Source.PROMETHEUS, "firing", alert, labels, disruption);
        if (fired.isEmpty()) {
            return new ObjectiveResult(name(), "during", target, null, "ms", false, "Alert " + named + " never fired after the disruption"
                    + " (bound " + AlertObjectives.seconds(within) + "): " + AlertObjectives.why(alert, history));
        }
        Duration firedAfter = fired.get().at().since(disruption);
        StringBuilder message = new StringBuilder("Alert " + named + " fired " + AlertObjectives.seconds(firedAfter) + " after the disruption");
        boolean passed = firedAfter.compareTo(within) <= 0;
        if (delivered) {
            boolean observed = history.deliveryObserved();
            Optional<AlertHistory.Change> delivery = observed
                    ? history.first(AlertEvent.Source.DELIVERED, "firing", alert, labels, disruption)
                    : history.first(AlertEvent.Source.ALERTMANAGER, "active", alert, labels, disruption);
            String how = observed ? "delivered to Firedrill's receiver" : "held by Alertmanager for its receivers (delivery not observed)";
            if (delivery.isEmpty()) {
                passed = false;
                message.append(", but was never ").append(how);
            } else {
                Duration deliveredAfter = delivery.get().at().since(disruption);
                passed &= deliveredAfter.compareTo(within) <= 0;
                message.append(", ").append(how).append(" after ").append(AlertObjectives.seconds(deliveredAfter));
            }
        }
        message.append("; target ≤ ").append(AlertObjectives.seconds(within)).append(": ").append(passed ? "met" : "missed");
        return new ObjectiveResult(name(), "during", target, Long.toString(firedAfter.toMillis()), "ms", passed, message.toString());
    }
}
