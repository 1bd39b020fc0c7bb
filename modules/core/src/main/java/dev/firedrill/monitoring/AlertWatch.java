package dev.firedrill.monitoring;

import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.HelperContainers;
import dev.firedrill.capability.ServiceFiles;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The alert watch (probe kind {@code alerts}): the drill's view of the system's own monitoring. When the drill starts
 * it applies the drill's {@link MonitoringSettings} to a stack Firedrill started (renders the shipped files, copies them
 * into Prometheus and Alertmanager, reloads both, and checks the reload took), with Alertmanager delivering to a
 * webhook receiver the drill runs beside the services ({@link AlertReceiver}). Then, until the drill ends, it notes on the timeline every change of every alert as
 * Prometheus, Alertmanager and the receiver see it ({@link AlertEvent}), and the value of each rule's expression when
 * it changes. On a system Firedrill did not start it only reads (configures nothing, runs no receiver).
 *
 * <p>It never fails an observation and is never waited for: whether an alert should fire is for the alert objectives
 * to say ({@code alert-fires}, {@code alert-resolves}, {@code no-alert}), which add a watch with the shipped settings
 * when the drill has none.
 *
 * <p>Example: {@code .probe(new AlertWatch("prometheus", 9090, "alertmanager", 9093, MonitoringSettings.asShipped().every(Duration.ofSeconds(1)).spedUp(12), Duration.ofMillis(250)))}
 *
 * @param alertmanager the Alertmanager service, or null for none
 * @param every        how often it asks Prometheus (and Alertmanager) for their alerts
 */
public record AlertWatch(String prometheus, int prometheusPort, String alertmanager, int alertmanagerPort, MonitoringSettings settings,
                         Duration every) implements Function<SystemUnderTest, Probe> {

    /** The path it goes by (it records notes, no observations). */
    public static final String PATH = "alerts";
    /** Where the configuration lies inside the services (the public images' defaults, kept by Firedrill's local images). */
    public static final String PROMETHEUS_CONFIG_PATH = "/etc/prometheus/prometheus.yml";
    public static final String ALERTMANAGER_CONFIG_PATH = "/etc/alertmanager/alertmanager.yml";

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    public AlertWatch {
        Objects.requireNonNull(prometheus, "the Prometheus service");
        Objects.requireNonNull(settings, "the monitoring settings");
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the alert watch asks every so often: give 'every' a duration above 0, e.g. 250ms");
        }
    }

    /** The watch of Firedrill's monitored reference stack, with its shipped files as written. */
    public static AlertWatch shipped() {
        return new AlertWatch("prometheus", 9090, "alertmanager", 9093, MonitoringSettings.asShipped(), Duration.ofMillis(250));
    }

    /** The same with other settings. */
    public AlertWatch with(MonitoringSettings newSettings) {
        return new AlertWatch(prometheus, prometheusPort, alertmanager, alertmanagerPort, newSettings, every);
    }

    /** {@code alerts(prometheus:9090, alertmanager:9093; rules as written; ...)}, for plans and reports. */
    @Override
    public String toString() {
        return "alerts(" + prometheus + ":" + prometheusPort + (alertmanager == null ? "" : ", " + alertmanager + ":" + alertmanagerPort) + "; "
                + settings.describe() + "; rules " + String.join(", ", settings.rules()) + ")";
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        system.requireService(prometheus, "the alert watch");
        if (alertmanager != null) {
            system.requireService(alertmanager, "the alert watch");
        }
        PrometheusApi api = new PrometheusApi(system.directEndpoint(prometheus, prometheusPort).httpUri(), TIMEOUT);
        AlertmanagerApi am = alertmanager == null ? null : new AlertmanagerApi(system.directEndpoint(alertmanager, alertmanagerPort).httpUri(), TIMEOUT);
        boolean configures = system.capability(ServiceFiles.class).isPresent() && system.capability(HelperContainers.class).isPresent();
        return new Probe() {
            @Override
            public String path() {
                return PATH;
            }

            @Override
            public boolean steadyState() {
                return false;
            }

            @Override
            public Probe.Running start(Timeline timeline) {
                AlertReceiver receiver = null;
                String how;
                if (configures) {
                    receiver = am == null ? null : AlertReceiver.start(system.require(HelperContainers.class, "the alert receiver"), timeline);
                    try {
                        how = MonitoringSetup.apply(system, AlertWatch.this, api, am, receiver);
                    } catch (RuntimeException e) {
                        if (receiver != null) {
                            receiver.close();
                        }
                        throw e;
                    }
                } else {
                    how = "read only (monitoring Firedrill did not start: its configuration is not changed"
                            + (am == null ? ")" : "; delivery is read from Alertmanager's API, not observed)");
                }
                timeline.note(AlertHistory.WATCH, how);
                return AlertPolling.start(api, am, receiver, every, timeline);
            }
        };
    }

    /** Maps an instant Prometheus reported to the drill's clock (the same wall clock on this host), never later than {@code now}. */
    static TimePoint at(java.time.Instant reported, TimePoint now) {
        TimePoint t = TimePoint.atWall(reported, now);
        return t.isAfter(now) ? now : t;
    }
}
