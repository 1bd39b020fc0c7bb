package dev.firedrill.monitoring;

import dev.firedrill.Probe;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.measure.ScheduledProbeRun;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alert watch at work: every so often it asks Prometheus for its alerts (and Alertmanager for those it holds) and
 * notes each change on the timeline; once a second it evaluates each alerting rule's expression and notes its value when
 * it changed, so a rule that never fires can be explained ("up{job="ledgr"} == 0 returned no series").
 *
 * <p>A firing is dated by Prometheus itself: the first sample of its {@code ALERTS{alertstate="firing"}} series, written by
 * the rule evaluation that fired it. Pending is dated by the alert's {@code activeAt}. Resolution and Alertmanager's
 * changes are dated by the poll that saw them (at most one interval late).
 */
final class AlertPolling implements Probe.Running {

    private static final Duration EXPRESSIONS_EVERY = Duration.ofSeconds(1);

    private final PrometheusApi prometheus;
    private final AlertmanagerApi alertmanager;
    private final AlertReceiver receiver;
    private final Timeline timeline;
    private final ScheduledExecutorService executor;
    private final AtomicLong polls = new AtomicLong();
    private final Map<String, AlertEvent> inPrometheus = new HashMap<>();
    private final Map<String, AlertEvent> inAlertmanager = new HashMap<>();
    private final Map<String, String> expressionValues = new HashMap<>();
    private List<PrometheusApi.AlertRule> rules = List.of();
    private long expressionsAt;
    private boolean expressionsAsked;
    private String lastError = "";
    private boolean closed;

    private AlertPolling(PrometheusApi prometheus, AlertmanagerApi alertmanager, AlertReceiver receiver, Timeline timeline) {
        this.prometheus = prometheus;
        this.alertmanager = alertmanager;
        this.receiver = receiver;
        this.timeline = timeline;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-alert-watch");
            t.setDaemon(true);
            return t;
        });
    }

    static AlertPolling start(PrometheusApi prometheus, AlertmanagerApi alertmanager, AlertReceiver receiver, Duration every, Timeline timeline) {
        AlertPolling polling = new AlertPolling(prometheus, alertmanager, receiver, timeline);
        polling.noteRules();
        polling.executor.scheduleWithFixedDelay(polling::poll, 0, every.toNanos(), TimeUnit.NANOSECONDS);
        return polling;
    }

    private void noteRules() {
        try {
            rules = prometheus.alertRules();
            for (PrometheusApi.AlertRule r : rules) {
                timeline.note(AlertHistory.RULE, r.name() + ": " + r.query() + " for " + PromDuration.format(r.hold())
                        + (r.labels().isEmpty() ? "" : " " + Labels.selector(r.labels())));
            }
        } catch (MonitoringException e) {
            error(e);
        }
    }

    private void poll() {
        try {
            pollPrometheus();
            if (alertmanager != null) {
                pollAlertmanager();
            }
            if (receiver != null) {
                receiver.collect();
            }
            long now = System.nanoTime();
            if (!expressionsAsked || now - expressionsAt >= EXPRESSIONS_EVERY.toNanos()) {
                expressionsAsked = true;
                expressionsAt = now;
                noteExpressions();
            }
            polls.incrementAndGet();
            lastError = "";
        } catch (RuntimeException e) {
            error(e);
        }
    }

    private void pollPrometheus() {
        TimePoint asked = timeline.clock().now();
        Map<String, AlertEvent> seen = new LinkedHashMap<>();
        Map<String, Instant> activeAt = new HashMap<>();
        for (PrometheusApi.ActiveAlert a : prometheus.alerts()) {
            AlertEvent e = new AlertEvent(AlertEvent.Source.PROMETHEUS, a.name(), a.labels(), a.state());
            seen.put(e.identity(), e);
            activeAt.put(e.identity(), a.activeAt());
        }
        TimePoint now = timeline.clock().now();
        for (AlertEvent e : seen.values()) {
            AlertEvent before = inPrometheus.get(e.identity());
            if (before != null && before.state().equals(e.state())) {
                continue;
            }
            Instant active = activeAt.get(e.identity());
            TimePoint at = switch (e.state()) {
                case "pending" -> active == null ? asked : AlertWatch.at(active, now);
                case "firing" -> firedAt(e, active).map(t -> AlertWatch.at(t, now)).orElse(asked);
                default -> asked;
            };
            timeline.note(AlertEvent.KIND, e.detail(), at);
        }
        for (AlertEvent gone : inPrometheus.values()) {
            if (!seen.containsKey(gone.identity())) {
                String state = "firing".equals(gone.state()) ? "resolved" : "inactive";
                timeline.note(AlertEvent.KIND, new AlertEvent(AlertEvent.Source.PROMETHEUS, gone.alert(), gone.labels(), state).detail(), asked);
            }
        }
        inPrometheus.clear();
        inPrometheus.putAll(seen);
    }

    /** When the rule evaluation fired it: the first firing sample of its ALERTS series since it became active. */
    private java.util.Optional<Instant> firedAt(AlertEvent e, Instant activeAt) {
        long lookback = activeAt == null ? 300 : Math.max(60, Duration.between(activeAt, Instant.now()).toSeconds() + 60);
        Map<String, String> labels = new LinkedHashMap<>(e.labels());
        labels.put("alertname", e.alert());
        labels.put("alertstate", "firing");
        try {
            return prometheus.sampleTimes("ALERTS" + Labels.selector(labels) + "[" + lookback + "s]").stream()
                    .filter(t -> activeAt == null || !t.isBefore(activeAt)).findFirst();
        } catch (MonitoringException ex) {
            error(ex);
            return java.util.Optional.empty();
        }
    }

    private void pollAlertmanager() {
        TimePoint asked = timeline.clock().now();
        Map<String, AlertEvent> seen = new LinkedHashMap<>();
        for (AlertmanagerApi.HeldAlert a : alertmanager.alerts()) {
            AlertEvent e = new AlertEvent(AlertEvent.Source.ALERTMANAGER, a.name(), a.labels(), a.state());
            seen.put(e.identity(), e);
            AlertEvent before = inAlertmanager.get(e.identity());
            if (before == null || !before.state().equals(e.state())) {
                timeline.note(AlertEvent.KIND, e.detail(), asked);
            }
        }
        for (AlertEvent gone : inAlertmanager.values()) {
            if (!seen.containsKey(gone.identity())) {
                timeline.note(AlertEvent.KIND, new AlertEvent(AlertEvent.Source.ALERTMANAGER, gone.alert(), gone.labels(), "gone").detail(), asked);
            }
        }
        inAlertmanager.clear();
        inAlertmanager.putAll(seen);
    }

    private void noteExpressions() {
        for (PrometheusApi.AlertRule r : rules) {
            String value = prometheus.query(r.query()).describe();
            if (!value.equals(expressionValues.put(r.name(), value))) {
                timeline.note(AlertHistory.EXPRESSION, r.name() + ": " + value);
            }
        }
    }

    private void error(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!message.equals(lastError)) {
            timeline.note("alert-watch-error", message);
            lastError = message;
        }
    }

    @Override
    public String path() {
        return AlertWatch.PATH;
    }

    @Override
    public long observations() {
        return polls.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ScheduledProbeRun.stopWithin(executor, AlertWatch.TIMEOUT.multipliedBy(4));
        if (receiver != null) {
            receiver.close();
        }
    }
}
