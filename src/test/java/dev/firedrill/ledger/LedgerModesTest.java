package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The version and the maintenance modes, on a service whose database and cache cannot be reached: a refusal that
 * comes at once, naming the mode rather than the unreachable database, was decided before touching either.
 */
class LedgerModesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    @Test
    void healthAndVersionNameTheVersionAndTheMode() throws Exception {
        try (LedgerService ledger = LedgerService.start(LedgerServiceTest.unreachable(TIMEOUT).withVersion(Release.V1_0_1))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            assertThat(client.get("/health").body()).isEqualTo("{\"status\":\"up\",\"version\":\"1.0.1\",\"mode\":\"off\"}");
            assertThat(client.get("/version").body()).contains("\"version\":\"1.0.1\"");
            assertThat(client.get("/metrics").body()).contains("ledger_build_info{version=\"1.0.1\",release=\"unnamed\"} 1\n")
                    .contains("ledger_maintenance_mode{mode=\"off\"} 1\n");
        }
    }

    @Test
    void readonlyRefusesWritesBeforeTheDatabaseAndStillTriesReads() throws Exception {
        LedgerConfig config = LedgerServiceTest.unreachable(TIMEOUT).withMaintenanceMode(MaintenanceMode.READONLY);
        try (LedgerService ledger = LedgerService.start(config)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            long started = System.nanoTime();
            HttpResponse<String> write = client.write("w-1", "acc", 5);
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.body()).contains("read-only mode").contains("\"mode\":\"readonly\"").doesNotContain("connection refused");
            assertThat(write.headers().firstValue("Retry-After")).isPresent();
            assertThat(tookMs).as("refused without waiting for the database (timeout %d ms)", TIMEOUT.toMillis()).isLessThan(500);
            HttpResponse<String> read = client.get("/entries/w-1");
            assertThat(read.statusCode()).isEqualTo(503);
            assertThat(read.body()).as("a read goes to the database as usual (refused, or timed out on a busy machine)")
                    .containsAnyOf("connection refused", "database unavailable: timeout").doesNotContain("read-only mode");
            assertThat(client.get("/health").body()).contains("\"mode\":\"readonly\"");
        }
    }

    @Test
    void maintenanceAnswersThePageExceptOnHealthMetricsVersionAndAdmin() throws Exception {
        try (LedgerService ledger = LedgerService.start(LedgerServiceTest.unreachable(TIMEOUT))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            HttpResponse<String> switched = client.post("/admin/maintenance", "{\"mode\": \"maintenance\"}");
            assertThat(switched.body()).isEqualTo("{\"mode\":\"maintenance\",\"previous\":\"off\"}");

            for (String path : new String[] {"/entries/w-1", "/entries?after=0", "/ready", "/nothing"}) {
                HttpResponse<String> page = client.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(503);
                assertThat(page.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
                assertThat(page.headers().firstValue("Retry-After")).as(path).contains("30");
                assertThat(page.body()).contains("Down for maintenance");
            }
            assertThat(client.write("w-1", "acc", 5).body()).contains("Down for maintenance");
            HttpResponse<String> health = client.get("/health");
            assertThat(health.statusCode()).as("the container stays healthy").isEqualTo(200);
            assertThat(health.body()).contains("\"mode\":\"maintenance\"");
            assertThat(client.get("/version").statusCode()).isEqualTo(200);
            assertThat(client.get("/metrics").body()).contains("ledger_maintenance_mode{mode=\"maintenance\"} 1\n")
                    .contains("ledger_maintenance_mode{mode=\"off\"} 0\n")
                    .contains("ledger_http_requests_total{method=\"GET\",route=\"/ready\",status=\"503\"} 1\n");
            assertThat(client.get("/admin/maintenance").body()).isEqualTo("{\"mode\":\"maintenance\"}");

            client.post("/admin/maintenance", "{\"mode\": \"off\"}");
            assertThat(client.get("/entries/w-1").body()).contains("connection refused");
        }
    }

    @Test
    void aBadSwitchIsRefusedNamingTheModes() throws Exception {
        try (LedgerService ledger = LedgerService.start(LedgerServiceTest.unreachable(TIMEOUT))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            for (String body : new String[] {"{\"mode\": \"read-only\"}", "{}", "not json", "{\"mode\": 1}"}) {
                HttpResponse<String> refused = client.post("/admin/maintenance", body);
                assertThat(refused.statusCode()).as(body).isEqualTo(400);
                assertThat(refused.body()).as(body).contains("[off, readonly, maintenance]");
            }
            assertThat(client.get("/admin/maintenance").body()).isEqualTo("{\"mode\":\"off\"}");
            assertThat(client.post("/admin/nothing", "{}").statusCode()).isEqualTo(404);
        }
    }
}
