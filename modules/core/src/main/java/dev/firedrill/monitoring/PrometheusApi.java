package dev.firedrill.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus's HTTP API (v1), as far as a drill reads it: instant queries, the active alerts, the alerting rules, and
 * the lifecycle endpoints a stack Firedrill configures needs ({@code /-/ready}, {@code /-/reload}).
 *
 * <p>Example: {@code new PrometheusApi(URI.create("http://127.0.0.1:9090/"), Duration.ofSeconds(2)).query("up == 0")}
 */
public final class PrometheusApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    public PrometheusApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = client(timeout);
    }

    static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Where it is, e.g. {@code http://127.0.0.1:49161/}. */
    public URI base() {
        return base;
    }

    /** One sample of an instant query's result: its labels and value ({@code NaN} and {@code ±Inf} as Prometheus writes them). */
    public record Sample(Map<String, String> labels, double value) {

        /** {@code {job="ledger"} 0}, as Prometheus's console shows a sample. */
        public String describe() {
            return Labels.selector(labels) + " " + number(value);
        }
    }

    /**
     * An instant query's answer: the samples of a vector (none when the expression selected nothing, e.g. a comparison
     * that filtered every series out), or a scalar's single sample with no labels.
     */
    public record QueryResult(String resultType, List<Sample> samples) {

        /**
         * Whether the expression holds as an alerting rule would read it: a vector holds when it has a sample (write the
         * condition as a filtering comparison, {@code up{job="ledger"} == 1}); a scalar when it is not 0.
         */
        public boolean holds() {
            if ("scalar".equals(resultType)) {
                return !samples.isEmpty() && samples.get(0).value() != 0;
            }
            return !samples.isEmpty();
        }

        /** What Prometheus returned, in short: {@code no series}, or the first samples. */
        public String describe() {
            if (samples.isEmpty()) {
                return "no series";
            }
            List<String> shown = samples.stream().limit(3).map(s -> "scalar".equals(resultType) ? number(s.value()) : s.describe()).toList();
            return String.join(", ", shown) + (samples.size() > 3 ? " (and " + (samples.size() - 3) + " more)" : "");
        }
    }

    /** An alert Prometheus holds: pending or firing (resolved ones are not in {@code /api/v1/alerts}). */
    public record ActiveAlert(String name, Map<String, String> labels, String state, Instant activeAt, String value) {
    }

    /** An alerting rule as loaded: its group, name, expression, hold ({@code for}), labels, and health. */
    public record AlertRule(String group, String name, String query, Duration hold, Map<String, String> labels, String health,
                            String lastError) {
    }

    /** Runs {@code expression} as an instant query now. */
    public QueryResult query(String expression) {
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)).path("data");
        String type = data.path("resultType").asText();
        List<Sample> samples = new ArrayList<>();
        JsonNode result = data.path("result");
        if ("scalar".equals(type)) {
            samples.add(new Sample(Map.of(), value(result.path(1))));
        } else if ("vector".equals(type)) {
            for (JsonNode s : result) {
                samples.add(new Sample(labels(s.path("metric")), value(s.path("value").path(1))));
            }
        } else {
            throw new MonitoringException("PromQL '" + expression + "' returned a " + type + "; a probe or an alert needs an instant"
                    + " vector or a scalar (write the condition as a comparison, e.g. up{job=\"ledger\"} == 1)");
        }
        return new QueryResult(type, List.copyOf(samples));
    }

    /**
     * The timestamps of a range selector's raw samples, e.g. of {@code ALERTS{alertname="APIDown",alertstate="firing"}[5m]}:
     * when Prometheus's rule evaluation wrote each one, oldest first.
     */
    public List<Instant> sampleTimes(String rangeSelector) {
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(rangeSelector, StandardCharsets.UTF_8)).path("data");
        List<Instant> times = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            for (JsonNode v : series.path("values")) {
                times.add(seconds(v.path(0).asDouble()));
            }
        }
        times.sort(null);
        return times;
    }

    /** The alerts Prometheus holds now, pending or firing. */
    public List<ActiveAlert> alerts() {
        List<ActiveAlert> alerts = new ArrayList<>();
        for (JsonNode a : get("/api/v1/alerts").path("data").path("alerts")) {
            Map<String, String> labels = labels(a.path("labels"));
            String name = labels.remove("alertname");
            alerts.add(new ActiveAlert(name, Map.copyOf(labels), a.path("state").asText(),
                    a.hasNonNull("activeAt") ? Instant.parse(a.get("activeAt").asText()) : null, a.path("value").asText()));
        }
        return alerts;
    }

    /** Every alerting rule loaded, in the order of its groups. */
    public List<AlertRule> alertRules() {
        List<AlertRule> rules = new ArrayList<>();
        for (JsonNode group : get("/api/v1/rules?type=alert").path("data").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                rules.add(new AlertRule(group.path("name").asText(), r.path("name").asText(), r.path("query").asText(),
                        Duration.ofMillis(Math.round(r.path("duration").asDouble() * 1000)), labels(r.path("labels")),
                        r.path("health").asText(), r.path("lastError").asText("")));
            }
        }
        return rules;
    }

    /** The global settings of the configuration it runs, as YAML (to check a reload took). */
    public String configuration() {
        return get("/api/v1/status/config").path("data").path("yaml").asText();
    }

    /** A scrape target: its job and URL, health ({@code up}, {@code down}, {@code unknown}), and when its last scrape started. */
    public record Target(String job, String url, String health, Instant lastScrape) {
    }

    /** Every active scrape target. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
            targets.add(new Target(t.path("labels").path("job").asText(), t.path("scrapeUrl").asText(), t.path("health").asText(),
                    Instant.parse(t.path("lastScrape").asText("0001-01-01T00:00:00Z"))));
        }
        return targets;
    }

    /** When each rule group was last evaluated, by group name. */
    public Map<String, Instant> ruleGroupEvaluations() {
        Map<String, Instant> groups = new TreeMap<>();
        for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            groups.put(group.path("name").asText(), Instant.parse(group.path("lastEvaluation").asText("0001-01-01T00:00:00Z")));
        }
        return groups;
    }

    /** Whether it answers {@code /-/ready} with 200. */
    public boolean ready() {
        return Http.ready(client, base, timeout);
    }

    /** {@code POST /-/reload} (needs {@code --web.enable-lifecycle}); an error naming what Prometheus said when it refused. */
    public void reload() {
        Http.reload(client, base, timeout, "Prometheus");
    }

    private JsonNode get(String pathAndQuery) {
        JsonNode body = Http.getJson(client, base, pathAndQuery, timeout, "Prometheus");
        if (!"success".equals(body.path("status").asText())) {
            throw new MonitoringException("Prometheus at " + base + " answered " + pathAndQuery + " with " + body.path("errorType").asText()
                    + ": " + body.path("error").asText());
        }
        return body;
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static double value(JsonNode node) {
        String text = node.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    static Instant seconds(double epochSeconds) {
        long millis = Math.round(epochSeconds * 1000);
        return Instant.ofEpochMilli(millis);
    }

    static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
