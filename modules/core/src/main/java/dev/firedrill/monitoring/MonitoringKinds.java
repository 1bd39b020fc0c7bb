package dev.firedrill.monitoring;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.firedrill.kind.KindDescriptor.objective;
import static dev.firedrill.kind.KindDescriptor.probe;
import static dev.firedrill.kind.Param.Type.BOOLEAN;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.NUMBER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.Type.TEXT_MAP;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/** The monitoring kinds: probes {@code promql} and {@code alerts}; objectives {@code alert-fires}, {@code alert-resolves}, {@code no-alert}. */
@AutoService(KindProvider.class)
public final class MonitoringKinds implements KindProvider {

    private static final Param PROMETHEUS = optional("prometheus", TEXT, "prometheus", "the Prometheus service");
    private static final Param PROMETHEUS_PORT = optional("prometheus-port", INTEGER, 9090, "its port");
    private static final Param ALERT = required("alert", TEXT, "the alert's name, as its rule writes it, e.g. APIDown");
    private static final Param LABELS = optional("labels", TEXT_MAP, Map.of(), "labels the alert must carry, e.g. {severity: critical}");
    private static final Param DELIVERED = optional("delivered", BOOLEAN, true, "whether Alertmanager must deliver it too");

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                probe("promql", "a PromQL expression that must hold, asked of Prometheus every 'every' (path: the name): it holds when"
                        + " the result has a sample (a filtering comparison, up{job=\"ledger\"} == 1) or a scalar is not 0")
                        .param(required("name", TEXT, "the path name objectives use"), required("expr", TEXT, "the PromQL expression"),
                                PROMETHEUS, PROMETHEUS_PORT, optional("every", DURATION, Duration.ofMillis(500), "how often it asks"))
                        .build(a -> new PromqlProbe(a.text("name"), a.text("expr"), a.text("prometheus"), a.integer("prometheus-port"),
                                a.duration("every"))),
                probe("alerts", "the alert watch: applies the drill's monitoring settings to a stack Firedrill started (rules, intervals,"
                        + " Alertmanager delivering to a receiver the drill runs) and notes every alert's changes on the timeline;"
                        + " read-only on a system Firedrill did not start; never waited for")
                        .param(PROMETHEUS, PROMETHEUS_PORT,
                                optional("alertmanager", TEXT, "alertmanager", "the Alertmanager service ('none': no Alertmanager)"),
                                optional("alertmanager-port", INTEGER, 9093, "its port"),
                                optional("config", TEXT, MonitoringSettings.PROMETHEUS_CONFIG, "Prometheus's configuration file (project path)"),
                                optional("rules", TEXTS, List.of(MonitoringSettings.RULES), "the alert rule files it loads (project paths)"),
                                optional("alertmanager-config", TEXT, MonitoringSettings.ALERTMANAGER_CONFIG, "Alertmanager's configuration file"),
                                optional("scrape-interval", DURATION, null, "every scrape job's interval (default: as written)"),
                                optional("scrape-timeout", DURATION, null, "every scrape job's timeout (default: as written, at most the"
                                        + " interval); a dead target holds a scrape until it times out"),
                                optional("evaluation-interval", DURATION, null, "every rule group's interval (default: as written)"),
                                optional("speed-up", NUMBER, 1, "1: rules as written; N: every for and group interval divided by N"),
                                optional("group-wait", DURATION, null, "Alertmanager's group_wait (default: as written)"),
                                optional("group-interval", DURATION, null, "Alertmanager's group_interval (default: as written)"),
                                optional("every", DURATION, Duration.ofMillis(250), "how often it asks for the alerts"))
                        .build(MonitoringKinds::watch),
                objective("alert-fires", "the named alert fires in Prometheus (and is delivered by Alertmanager) within a bound of the"
                        + " disruption; with detection: true, its firing is the drill's detection")
                        .param(ALERT, LABELS, required("within", DURATION, "the bound, from the disruption"), DELIVERED,
                                optional("detection", BOOLEAN, false, "whether its firing is the drill's detection figure"))
                        .build(a -> new AlertFiresObjective(a.text("alert"), a.textMap("labels"), a.duration("within"), a.bool("delivered"),
                                a.bool("detection"))),
                objective("alert-resolves", "the named alert, having fired, resolves (and the resolution is delivered) within a bound"
                        + " of the recovery")
                        .param(ALERT, LABELS, required("within", DURATION, "the bound, from the recovery"), DELIVERED)
                        .build(a -> new AlertResolvesObjective(a.text("alert"), a.textMap("labels"), a.duration("within"), a.bool("delivered"))),
                objective("no-alert", "the named alert (any, when none is named) never fires nor is delivered: a planned change pages no one")
                        .param(optional("alert", TEXT, null, "the alert's name; any alert when left out"), LABELS)
                        .build(a -> new NoAlertObjective(a.text("alert"), a.textMap("labels"))));
    }

    private static AlertWatch watch(Args a) {
        String alertmanager = a.text("alertmanager");
        boolean none = alertmanager == null || alertmanager.equals("none");
        MonitoringSettings settings = new MonitoringSettings(a.text("config"), a.texts("rules"), none ? null : a.text("alertmanager-config"),
                a.has("scrape-interval") ? a.duration("scrape-interval") : null, a.has("scrape-timeout") ? a.duration("scrape-timeout") : null,
                a.has("evaluation-interval") ? a.duration("evaluation-interval") : null, a.number("speed-up"),
                a.has("group-wait") ? a.duration("group-wait") : null, a.has("group-interval") ? a.duration("group-interval") : null);
        return new AlertWatch(a.text("prometheus"), a.integer("prometheus-port"), none ? null : alertmanager, a.integer("alertmanager-port"),
                settings, a.duration("every"));
    }
}
