package dev.firedrill.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Endpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference stack with its monitoring overlay (docker-compose.monitoring.yml), configured with the shipped files
 * of drills/monitoring: every scrape job up, every alert rule loaded and evaluated, Alertmanager answering with the
 * shipped configuration.
 *
 * <p>The copy and reload here are this test's own, done as the harness does them (copy into the containers, then
 * POST /-/reload on the mapped ports): the files are taken as shipped, only the intervals shortened to 1 s, as a
 * drill renders them, so that the first scrapes and rule evaluations come within seconds instead of 15 and 30.
 */
@Timeout(120)
class MonitoredStackIT {

    private static final Path SHIPPED = ProjectFiles.root().resolve("drills/monitoring");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theShippedConfigurationScrapesEveryJobLoadsTheRulesAndReachesAlertmanager() throws Exception {
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.monitoredCompose()))) {
            Endpoint prometheus = stack.endpoint("prometheus", 9090);
            Endpoint alertmanager = stack.endpoint("alertmanager", 9093);

            stack.files().copyTo("prometheus", "/etc/prometheus/prometheus.yml", shortened("prometheus.yml"));
            stack.files().copyTo("prometheus", "/etc/prometheus/alert-rules.yml", shortened("alert-rules.yml"));
            stack.files().copyTo("alertmanager", "/etc/alertmanager/alertmanager.yml", Files.readAllBytes(SHIPPED.resolve("alertmanager.yml")));
            assertThat(post(prometheus, "/-/reload")).as("Prometheus reload").isEqualTo(200);
            assertThat(post(alertmanager, "/-/reload")).as("Alertmanager reload").isEqualTo(200);

            Awaitility.await("every scrape job up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(targetHealth(prometheus)).containsExactlyInAnyOrderEntriesOf(Map.of(
                            "ledger", "up", "postgres", "up", "redis", "up", "blackbox", "up", "prometheus", "up")));
            Awaitility.await("every rule evaluated").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(ruleHealth(prometheus)).containsExactlyInAnyOrderEntriesOf(Map.of(
                            "HighCPU", "ok", "APIDown", "ok", "HighErrorRate", "ok", "PostgresDown", "ok", "RedisDown", "ok")));
            assertThat(query(prometheus, "pg_up")).as("the exporter reaches PostgreSQL through the proxy").isEqualTo("1");
            assertThat(query(prometheus, "redis_up")).as("the exporter reaches Redis through the proxy").isEqualTo("1");
            assertThat(query(prometheus, "probe_success")).as("the blackbox probe of the service's /health").isEqualTo("1");

            JsonNode status = JSON.readTree(get(alertmanager, "/api/v2/status"));
            assertThat(status.path("config").path("original").asText()).as("the shipped configuration, reloaded")
                    .contains("name: firedrill").contains("send_resolved: true");
        }
    }

    /** A shipped file with its intervals (scrape, evaluation, rule groups) at 1 s. */
    private static byte[] shortened(String name) throws IOException {
        return Files.readString(SHIPPED.resolve(name))
                .replaceAll("(scrape_interval|evaluation_interval|interval): \\d+[smh]", "$1: 1s")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The health of each scrape job's targets, by job. */
    private static Map<String, String> targetHealth(Endpoint prometheus) throws Exception {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode target : JSON.readTree(get(prometheus, "/api/v1/targets")).path("data").path("activeTargets")) {
            health.merge(target.path("labels").path("job").asText(), target.path("health").asText(),
                    (a, b) -> a.equals("up") ? b : a);
        }
        return health;
    }

    /** The health of each loaded rule, by name; "unknown" until it was evaluated. */
    private static Map<String, String> ruleHealth(Endpoint prometheus) throws Exception {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode group : JSON.readTree(get(prometheus, "/api/v1/rules")).path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                health.put(rule.path("name").asText(), rule.path("health").asText());
            }
        }
        return health;
    }

    /** The value of an instant query that has one series. */
    private static String query(Endpoint prometheus, String promql) throws Exception {
        JsonNode result = JSON.readTree(get(prometheus, "/api/v1/query?query=" + promql)).path("data").path("result");
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).path("value").get(1).asText();
    }

    private static String get(Endpoint endpoint, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.httpUri().resolve(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return response.body();
    }

    private static int post(Endpoint endpoint, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint.httpUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
