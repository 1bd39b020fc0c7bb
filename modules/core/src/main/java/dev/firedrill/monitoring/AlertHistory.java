package dev.firedrill.monitoring;

import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.TimePoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a drill's timeline says about its alerts: each change the {@link AlertWatch} and the receiver noted
 * ({@link AlertEvent}), the rules Prometheus had loaded, and the last value of each rule's expression. The alert
 * objectives and the report read it; it only reads notes, so it works on a timeline read back from a file too.
 */
public final class AlertHistory {

    /** Note kind: the watch ran and applied these settings ({@link MonitoringSettings#describe()}). */
    public static final String WATCH = "alert-watch";
    /** Note kind: an alerting rule Prometheus had loaded when the watch started: {@code APIDown: up{job="ledger"} == 0 for 1m}. */
    public static final String RULE = "alert-rule";
    /** Note kind: a rule's expression returned something new: {@code APIDown: no series}. */
    public static final String EXPRESSION = "alert-expression";

    /** How the watch's settings note says Alertmanager delivers to the drill's receiver (so delivery is observed). */
    static final String DELIVERS_TO_RECEIVER = "Alertmanager delivers to Firedrill's receiver ";

    /** One change: when, and the event. */
    public record Change(TimePoint at, AlertEvent event) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final List<TimelineEvent> notes;

    private AlertHistory(List<TimelineEvent> events) {
        this.notes = events;
        for (TimelineEvent e : events) {
            if (AlertEvent.KIND.equals(e.kind())) {
                changes.add(new Change(e.at(), AlertEvent.parse(e.detail())));
            }
        }
    }

    public static AlertHistory of(Timeline timeline) {
        return new AlertHistory(timeline.events());
    }

    /** Whether an alert watch ran on this drill. */
    public boolean watched() {
        return notes.stream().anyMatch(e -> WATCH.equals(e.kind()));
    }

    /** Every change of the alerts named {@code alert} (any, when null) carrying {@code labels}, in time order. */
    public List<Change> changes(String alert, Map<String, String> labels) {
        return changes.stream().filter(c -> (alert == null || c.event().alert().equals(alert)) && Labels.matches(c.event().labels(), labels))
                .toList();
    }

    /** The first change seen by {@code source} into {@code state} at or after {@code from}. */
    public Optional<Change> first(AlertEvent.Source source, String state, String alert, Map<String, String> labels, TimePoint from) {
        return changes(alert, labels).stream()
                .filter(c -> c.event().source() == source && c.event().state().equals(state) && !c.at().isBefore(from))
                .findFirst();
    }

    /** The rule named {@code alert} as Prometheus had it loaded ({@code up{job="ledger"} == 0 for 1m}), if the watch noted it. */
    public Optional<String> rule(String alert) {
        return afterName(RULE, alert).reduce((a, b) -> b);
    }

    /** The last value the expression of rule {@code alert} returned, with when, if the watch asked. */
    public Optional<String> lastExpressionValue(String alert) {
        return notes.stream().filter(e -> EXPRESSION.equals(e.kind()) && e.detail().startsWith(alert + ": "))
                .reduce((a, b) -> b).map(e -> e.detail().substring(alert.length() + 2) + " (at " + e.at().wall() + ")");
    }

    /** The names of the rules the watch saw loaded. */
    public List<String> ruleNames() {
        return notes.stream().filter(e -> RULE.equals(e.kind())).map(e -> e.detail().substring(0, e.detail().indexOf(": "))).distinct().toList();
    }

    /** The settings the watch applied, as it described them. */
    public Optional<String> settings() {
        return notes.stream().filter(e -> WATCH.equals(e.kind())).map(TimelineEvent::detail).reduce((a, b) -> b);
    }

    /** Whether Alertmanager delivered to the drill's own receiver (else delivery is read from Alertmanager's API). */
    public boolean deliveryObserved() {
        return settings().map(s -> s.contains(DELIVERS_TO_RECEIVER)).orElse(false);
    }

    private java.util.stream.Stream<String> afterName(String kind, String alert) {
        return notes.stream().filter(e -> kind.equals(e.kind()) && e.detail().startsWith(alert + ": "))
                .map(e -> e.detail().substring(alert.length() + 2));
    }
}
