package dev.firedrill.monitoring;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a drill's monitoring settings to the Prometheus and Alertmanager of a stack Firedrill started: renders the
 * shipped files ({@link MonitoringConfig}), writes them where the services read their configuration, reloads both, and
 * waits until Prometheus has the rules loaded with the holds the drill asked for and Alertmanager delivers to the
 * drill's receiver. A reload that is refused, or that does not take within {@link #BOUND}, is an error naming why.
 */
final class MonitoringSetup {

    static final Duration BOUND = Duration.ofSeconds(30);

    private MonitoringSetup() {
    }

    /** Applies and returns what it did, for the timeline and the report. */
    static String apply(SystemUnderTest system, AlertWatch watch, PrometheusApi prometheus, AlertmanagerApi alertmanager, AlertReceiver receiver) {
        MonitoringSettings settings = watch.settings();
        ServiceFiles files = system.require(ServiceFiles.class, "the alert watch");
        awaitReady("Prometheus", prometheus::ready);
        String folder = AlertWatch.PROMETHEUS_CONFIG_PATH.substring(0, AlertWatch.PROMETHEUS_CONFIG_PATH.lastIndexOf('/') + 1);

        List<MonitoringConfig.RuleFile> rules = new ArrayList<>();
        Map<String, Duration> holds = new LinkedHashMap<>();
        for (String file : settings.rules()) {
            String name = "firedrill-" + Path.of(file).getFileName();
            MonitoringConfig.RuleFile rendered = MonitoringConfig.rules(read(file), file, name, settings);
            rules.add(rendered);
            holds.putAll(RuleHolds.of(rendered.text(), file));
        }
        String config = MonitoringConfig.prometheus(read(settings.prometheusConfig()), settings.prometheusConfig(), settings,
                rules.stream().map(MonitoringConfig.RuleFile::name).toList());
        for (MonitoringConfig.RuleFile r : rules) {
            files.copyTo(watch.prometheus(), folder + r.name(), r.text().getBytes(StandardCharsets.UTF_8));
        }
        files.copyTo(watch.prometheus(), AlertWatch.PROMETHEUS_CONFIG_PATH, config.getBytes(StandardCharsets.UTF_8));
        java.time.Instant reloaded = java.time.Instant.now();
        prometheus.reload();
        awaitRules(prometheus, holds);
        awaitFreshSamples(prometheus, reloaded);

        String delivery = "";
        if (alertmanager != null && receiver != null && settings.alertmanagerConfig() != null) {
            awaitReady("Alertmanager", alertmanager::ready);
            String url = receiver.url();
            String amConfig = MonitoringConfig.alertmanager(read(settings.alertmanagerConfig()), settings.alertmanagerConfig(), settings, url);
            files.copyTo(watch.alertmanager(), AlertWatch.ALERTMANAGER_CONFIG_PATH, amConfig.getBytes(StandardCharsets.UTF_8));
            alertmanager.reload();
            await("Alertmanager to deliver to " + url, () -> alertmanager.configuration().contains(url));
            delivery = "; " + AlertHistory.DELIVERS_TO_RECEIVER + url;
        }
        List<String> changes = rules.stream().flatMap(r -> r.changes().stream()).toList();
        return settings.describe() + (changes.isEmpty() ? "" : " (" + String.join(", ", changes) + ")") + delivery;
    }

    private static void awaitRules(PrometheusApi prometheus, Map<String, Duration> holds) {
        await("Prometheus to load the rules " + holds.keySet() + " with their holds", () -> {
            Map<String, Duration> loaded = new LinkedHashMap<>();
            for (PrometheusApi.AlertRule r : prometheus.alertRules()) {
                if ("err".equals(r.health())) {
                    throw new MonitoringException("Prometheus cannot evaluate rule " + r.name() + " (" + r.query() + "): " + r.lastError());
                }
                loaded.put(r.name(), r.hold());
            }
            return holds.entrySet().stream().allMatch(h -> h.getValue().equals(loaded.get(h.getKey())));
        });
    }

    /**
     * Until every target was scraped twice, and every rule group evaluated, under the new configuration: a reload restarts
     * the scrape loops, which leaves a gap of up to a few seconds without samples; a fault injected in that gap would be
     * seen late, and the detection time would measure the reload, not the monitoring.
     */
    private static void awaitFreshSamples(PrometheusApi prometheus, java.time.Instant reloaded) {
        java.util.Map<String, java.time.Instant> firstScrape = new java.util.HashMap<>();
        await("every target scraped twice and every rule group evaluated after the reload", () -> {
            boolean scraped = true;
            for (PrometheusApi.Target t : prometheus.targets()) {
                String key = t.job() + " " + t.url();
                if (t.lastScrape().isAfter(reloaded)) {
                    java.time.Instant first = firstScrape.putIfAbsent(key, t.lastScrape());
                    scraped &= first != null && t.lastScrape().isAfter(first);
                } else {
                    scraped = false;
                }
            }
            return scraped && prometheus.ruleGroupEvaluations().values().stream().allMatch(at -> at.isAfter(reloaded));
        });
    }

    private static void awaitReady(String what, java.util.function.BooleanSupplier ready) {
        await(what + " to answer /-/ready", ready);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (MonitoringException e) {
                if (e.getMessage().startsWith("Prometheus cannot evaluate")) {
                    throw e;
                }
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MonitoringException("interrupted while waiting for " + what, e);
            }
        }
        throw new MonitoringException("waited " + BOUND.toSeconds() + " s for " + what + " in vain" + (last == null ? "" : "; last: " + last.getMessage()));
    }

    private static String read(String file) {
        Path path = Path.of(file);
        try {
            return Files.readString(path.isAbsolute() ? path : Path.of("").toAbsolutePath().resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MonitoringException("cannot read the monitoring file '" + file + "' (relative paths start at the project folder): " + e, e);
        }
    }
}
