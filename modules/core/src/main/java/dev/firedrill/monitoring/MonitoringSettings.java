package dev.firedrill.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a drill runs the monitoring of a stack it started: the files a team ships (Prometheus's configuration, its alert
 * rules, Alertmanager's configuration) and what the drill changes in them. Left alone, everything runs <em>as written</em>
 * (a {@code for: 1m} rule holds a minute). A drill may shorten the scrape and evaluation intervals, and speed the rules
 * up: every rule's {@code for} and every group's {@code interval} divided by {@link #speedUp()}, so {@code APIDown for 1m}
 * with speed-up 12 holds 5 s. The report says which ({@link #describe()}).
 *
 * @param prometheusConfig   Prometheus's configuration file (its scrape jobs and Alertmanager), relative to the project
 * @param rules              the alert rule files it loads
 * @param alertmanagerConfig Alertmanager's configuration file; null when the drill configures no Alertmanager
 * @param scrapeInterval     every scrape job's interval; null: as written
 * @param scrapeTimeout      every scrape job's timeout; null: as written, but never longer than the interval. A dead
 *                           target behind the fault proxy or a name that no longer resolves holds a scrape until it times
 *                           out, so detection waits for the timeout: a drill that times detection shortens it too
 * @param evaluationInterval every rule group's evaluation interval; null: as written (divided by the speed-up)
 * @param speedUp            1: rules as written; N &gt; 1: every {@code for} and group interval divided by N
 * @param groupWait          Alertmanager's {@code group_wait}; null: as written
 * @param groupInterval      Alertmanager's {@code group_interval}; null: as written
 */
public record MonitoringSettings(String prometheusConfig, List<String> rules, String alertmanagerConfig, Duration scrapeInterval,
                                 Duration scrapeTimeout, Duration evaluationInterval, double speedUp, Duration groupWait,
                                 Duration groupInterval) {

    /** The files Firedrill's monitored reference stack ships. */
    public static final String PROMETHEUS_CONFIG = "drills/monitoring/prometheus.yml";
    public static final String RULES = "drills/monitoring/alert-rules.yml";
    public static final String ALERTMANAGER_CONFIG = "drills/monitoring/alertmanager.yml";

    public MonitoringSettings {
        Objects.requireNonNull(prometheusConfig, "Prometheus's configuration file");
        rules = List.copyOf(rules);
        if (!(speedUp >= 1) || Double.isInfinite(speedUp)) {
            throw new IllegalArgumentException("speed-up is 1 (rules as written) or more (every for and group interval divided by it), got "
                    + speedUp);
        }
        for (var d : new Duration[]{scrapeInterval, scrapeTimeout, evaluationInterval, groupWait, groupInterval}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("monitoring intervals are longer than 0, got " + d);
            }
        }
        if (scrapeTimeout != null && scrapeInterval != null && scrapeTimeout.compareTo(scrapeInterval) > 0) {
            throw new IllegalArgumentException("scrape-timeout " + PromDuration.format(scrapeTimeout) + " is longer than scrape-interval "
                    + PromDuration.format(scrapeInterval) + "; Prometheus refuses that");
        }
    }

    /** The shipped files, as written. */
    public static MonitoringSettings asShipped() {
        return new MonitoringSettings(PROMETHEUS_CONFIG, List.of(RULES), ALERTMANAGER_CONFIG, null, null, null, 1, null, null);
    }

    /** The same with scrape and evaluation every {@code interval}. */
    public MonitoringSettings every(Duration interval) {
        return new MonitoringSettings(prometheusConfig, rules, alertmanagerConfig, interval, scrapeTimeout, interval, speedUp, groupWait,
                groupInterval);
    }

    /** The same with rules sped up {@code factor} times. */
    public MonitoringSettings spedUp(double factor) {
        return new MonitoringSettings(prometheusConfig, rules, alertmanagerConfig, scrapeInterval, scrapeTimeout, evaluationInterval, factor,
                groupWait, groupInterval);
    }

    /** The same with Alertmanager's grouping timings. */
    public MonitoringSettings grouping(Duration wait, Duration interval) {
        return new MonitoringSettings(prometheusConfig, rules, alertmanagerConfig, scrapeInterval, scrapeTimeout, evaluationInterval, speedUp,
                wait, interval);
    }

    /** The same with every scrape timing out after {@code timeout}. */
    public MonitoringSettings scrapeTimeout(Duration timeout) {
        return new MonitoringSettings(prometheusConfig, rules, alertmanagerConfig, scrapeInterval, timeout, evaluationInterval, speedUp,
                groupWait, groupInterval);
    }

    /** Whether the rules' holds run as written. */
    public boolean rulesAsWritten() {
        return speedUp == 1;
    }

    /** Whether nothing at all is changed. */
    public boolean asWritten() {
        return rulesAsWritten() && scrapeInterval == null && scrapeTimeout == null && evaluationInterval == null && groupWait == null
                && groupInterval == null;
    }

    /** For the report: {@code rules as written; scrape every 1s; evaluation every 1s}, or {@code rules sped up 12x (...)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(rulesAsWritten() ? "rules as written" : "rules sped up " + PrometheusApi.number(speedUp)
                + "x (every for and group interval divided by " + PrometheusApi.number(speedUp) + ")");
        s.append("; scrape ").append(scrapeInterval == null ? "as written" : "every " + PromDuration.format(scrapeInterval));
        if (scrapeTimeout != null) {
            s.append(", timeout ").append(PromDuration.format(scrapeTimeout));
        }
        s.append("; evaluation ").append(evaluationInterval == null ? "as written" : "every " + PromDuration.format(evaluationInterval));
        if (groupWait != null || groupInterval != null) {
            s.append("; Alertmanager group_wait ").append(groupWait == null ? "as written" : PromDuration.format(groupWait))
                    .append(", group_interval ").append(groupInterval == null ? "as written" : PromDuration.format(groupInterval));
        }
        return s.toString();
    }
}
