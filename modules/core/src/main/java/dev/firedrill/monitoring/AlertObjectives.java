package dev.firedrill.monitoring;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
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
 * What the alert objectives share: the alert they name as the report writes it, the watch they need, the verdict when
 * none ran, and why an alert did not fire (its rule and the last value of its expression).
 *
 * <p>Factories for Java drills: {@code AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(70))},
 * {@code resolves(...)}, {@code noAlert(...)}.
 */
public final class AlertObjectives {

    private AlertObjectives() {
    }

    /** The named alert fires within {@code within} of the disruption, and Alertmanager delivers it. */
    public static AlertFiresObjective fires(String alert, Map<String, String> labels, Duration within) {
        return new AlertFiresObjective(alert, labels, within, true, false);
    }

    /** The named alert resolves within {@code within} of the system's recovery, and the resolution is delivered. */
    public static AlertResolvesObjective resolves(String alert, Map<String, String> labels, Duration within) {
        return new AlertResolvesObjective(alert, labels, within, true);
    }

    /** No alert named {@code alert} (any alert, when null) fires or is delivered at any time during the drill. */
    public static NoAlertObjective noAlert(String alert, Map<String, String> labels) {
        return new NoAlertObjective(alert, labels);
    }

    /** {@code APIDown} or {@code APIDown{job="ledger"}}. */
    static String named(String alert, Map<String, String> labels) {
        return (alert == null ? "any alert" : alert) + (labels.isEmpty() ? "" : Labels.selector(labels));
    }

    static void requireAlert(String alert, String objective) {
        if (alert == null || alert.isBlank()) {
            throw new IllegalArgumentException(objective + " names the alert, as its rule does (alert: APIDown)");
        }
    }

    /** The watch an alert objective needs when the drill runs none: the monitored reference stack's, as shipped. */
    static List<Function<SystemUnderTest, Probe>> watch() {
        return List.of(AlertWatch.shipped());
    }

    /** The verdict when no alert watch ran, or empty when one did. */
    static Optional<ObjectiveResult> unwatched(String name, String phase, String target, AlertHistory history) {
        if (history.watched()) {
            return Optional.empty();
        }
        return Optional.of(new ObjectiveResult(name, phase, target, null, "ms", false, name + ": no alert watch ran, so no alert was"
                + " observed (add '- probe: alerts' under steady-state.probes, or run the drill on a stack with Prometheus)"));
    }

    /** Why the alert did not fire: its rule as loaded and the last value its expression returned. */
    static String why(String alert, AlertHistory history) {
        Optional<String> rule = history.rule(alert);
        if (rule.isEmpty()) {
            return "Prometheus has no alerting rule named " + alert + " (its rules: " + history.ruleNames() + ")";
        }
        return "rule " + alert + ": " + rule.get() + "; its expression last returned "
                + history.lastExpressionValue(alert).orElse("nothing the watch saw");
    }

    static TimePoint from(DrillMeasurements m, Marker marker) {
        return m.timeline().first(marker).orElse(null);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
