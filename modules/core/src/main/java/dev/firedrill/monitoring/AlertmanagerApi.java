package dev.firedrill.monitoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's HTTP API (v2), as far as a drill reads it: the alerts it holds and the receivers it routes each to (what
 * an objective reads on monitoring Firedrill does not configure), readiness and reload.
 */
public final class AlertmanagerApi {

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    public AlertmanagerApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = PrometheusApi.client(timeout);
    }

    /** Where it is. */
    public URI base() {
        return base;
    }

    /** An alert Alertmanager holds: name, labels, its state ({@code active}, {@code suppressed}, {@code unprocessed}) and receivers. */
    public record HeldAlert(String name, Map<String, String> labels, String state, List<String> receivers) {
    }

    /** The alerts it holds now (resolved ones drop out). */
    public List<HeldAlert> alerts() {
        JsonNode body = Http.getJson(client, base, "/api/v2/alerts", timeout, "Alertmanager");
        List<HeldAlert> alerts = new ArrayList<>();
        for (JsonNode a : body) {
            Map<String, String> labels = PrometheusApi.labels(a.path("labels"));
            String name = labels.remove("alertname");
            List<String> receivers = new ArrayList<>();
            a.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
            alerts.add(new HeldAlert(name, Map.copyOf(labels), a.path("status").path("state").asText(), List.copyOf(receivers)));
        }
        return alerts;
    }

    /** Whether it answers {@code /-/ready} with 200. */
    public boolean ready() {
        return Http.ready(client, base, timeout);
    }

    /** {@code POST /-/reload}; an error naming what Alertmanager said when it refused. */
    public void reload() {
        Http.reload(client, base, timeout, "Alertmanager");
    }

    /** The configuration it runs, as YAML (to check a reload took). */
    public String configuration() {
        return Http.getJson(client, base, "/api/v2/status", timeout, "Alertmanager").path("config").path("original").asText();
    }
}
