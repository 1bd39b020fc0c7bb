package dev.firedrill.monitoring;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One change of an alert, as a timeline note of kind {@value #KIND}: who saw it ({@link Source}), the alert's name and
 * labels, and its state there. The note's detail reads like Prometheus's console, e.g.
 * {@code prometheus: APIDown{job="ledger",severity="critical"} firing}, and is parsed back by {@link #parse}.
 *
 * @param state {@code pending}, {@code firing} or {@code inactive} in Prometheus; {@code firing} or {@code resolved}
 *              delivered to the receiver; {@code active}, {@code suppressed} or {@code gone} in Alertmanager
 */
public record AlertEvent(Source source, String alert, Map<String, String> labels, String state) {

    /** The timeline note kind of an alert's change. */
    public static final String KIND = "alert";

    /** Where the change was seen. */
    public enum Source {
        /** Prometheus's rule evaluation ({@code /api/v1/alerts}; firing dated by the evaluation that fired it). */
        PROMETHEUS("prometheus"),
        /** Alertmanager delivered a notification to the receiver the drill runs (a webhook). */
        DELIVERED("delivered"),
        /** Alertmanager holds the alert for its receivers ({@code /api/v2/alerts}): accepted, delivery not observed. */
        ALERTMANAGER("alertmanager");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Source of(String id) {
            for (Source s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no alert source '" + id + "'");
        }
    }

    private static final Pattern DETAIL = Pattern.compile("([a-z]+): ([^{ ]+)(\\{.*}) ([a-z]+)");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public AlertEvent {
        labels = Map.copyOf(new TreeMap<>(labels));
    }

    /** The note's detail, e.g. {@code delivered: APIDown{job="ledger"} resolved}. */
    public String detail() {
        return source.id() + ": " + alert + Labels.selector(labels) + " " + state;
    }

    /** {@code APIDown{job="ledger"}}: the alert as one identity. */
    public String identity() {
        return alert + Labels.selector(labels);
    }

    /** Reads a note's detail back; an error when it is not one {@link #detail()} wrote. */
    public static AlertEvent parse(String detail) {
        Matcher m = DETAIL.matcher(detail);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an alert note: '" + detail + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        String body = m.group(3).substring(1, m.group(3).length() - 1);
        Matcher l = LABEL.matcher(body);
        int end = 0;
        while (l.find() && l.start() == end) {
            labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            end = l.end();
        }
        if (end != body.length()) {
            throw new IllegalArgumentException("not an alert note's labels: '" + m.group(3) + "'");
        }
        return new AlertEvent(Source.of(m.group(1)), m.group(2), labels, m.group(4));
    }
}
