package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.HarnessClock;
import dev.firedrill.measure.ServiceWriter;
import dev.firedrill.stack.AppImages;
import dev.firedrill.stack.StackDefinition;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

/**
 * The three releases from their version images on one database, which the test migrates by hand through the schema
 * revisions the runbooks' migrations apply (0002 adds {@code currency}, 0004 drops {@code created_at}), and the
 * maintenance modes switched at runtime. The tests run in order: each one leaves the schema where the next expects it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerVersionsIT {

    private static final String COMPOSE = "docker-compose.versions.yml";
    /** Service to version, as the Compose file pairs them. */
    private static final Map<String, String> VERSIONS = Map.of("ledger", "1.0.0", "ledger-101", "1.0.1", "ledger-200", "2.0.0");

    private static LedgerInStack stack;

    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    static void startStack() throws Exception {
        AppImages images = AppImages.shared();
        long started = System.nanoTime();
        String hashImage = images.ensure(AppImages.find("ledger").orElseThrow());
        long hashMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        for (String version : VERSIONS.values().stream().sorted().toList()) {
            images.ensureVersion("firedrill/ledger", version);
        }
        System.out.printf("hash image %s ensured in %d ms; version images 1.0.0, 1.0.1, 2.0.0 ensured on it in %d ms%n",
                hashImage, hashMs, (System.nanoTime() - started) / 1_000_000);
        stack = LedgerInStack.start(StackDefinition.load(Path.of(LedgerVersionsIT.class.getResource(COMPOSE).toURI())));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static LedgerClient http(String service) {
        return new LedgerClient(stack.stack.endpoint(service, 8080).port());
    }

    @Test
    @Order(1)
    void eachImageCarriesAndReportsItsVersion() throws Exception {
        for (var service : VERSIONS.entrySet()) {
            String version = service.getValue();
            JsonNode health = LedgerInStack.json(http(service.getKey()).get("/health"));
            assertThat(health.get("version").asText()).as(service.getKey()).isEqualTo(version);
            assertThat(health.get("mode").asText()).isEqualTo("off");
            assertThat(LedgerInStack.json(http(service.getKey()).get("/version")).get("version").asText()).isEqualTo(version);
            String metrics = http(service.getKey()).get("/metrics").body();
            assertThat(metrics).contains("ledger_build_info{version=\"" + version + "\",release=\"")
                    .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"500\"} 0\n");
            Map<String, String> labels = DockerClientFactory.instance().client().inspectImageCmd("firedrill/ledger:" + version)
                    .exec().getConfig().getLabels();
            assertThat(labels).containsEntry(AppImages.VERSION_LABEL, version);
        }
    }

    @Test
    @Order(2)
    void release101OnTheBaselineSchemaFailsNamingTheColumnThenWorksOnRevision0002() throws Exception {
        LedgerClient release101 = http("ledger-101");

        HttpResponse<String> write = release101.post("/entries", "{\"id\": \"v101-early\", \"account\": \"acc\", \"amount\": 1}");
        assertThat(write.statusCode()).as(write.body()).isEqualTo(500);
        assertThat(write.body()).contains("column \\\"currency\\\"").contains("release 1.0.1");
        HttpResponse<String> read = release101.get("/entries?after=0");
        assertThat(read.statusCode()).isEqualTo(500);
        assertThat(read.body()).contains("currency");
        assertThat(stack.rowsWithId("v101-early")).isZero();
        assertThat(http("ledger").write("v100-before-0002", "acc", 5).statusCode()).isEqualTo(201);

        sql("ALTER TABLE entries ADD COLUMN currency text NOT NULL DEFAULT 'EUR'");   // revision 0002

        HttpResponse<String> usd = release101.post("/entries",
                "{\"id\": \"v101-usd\", \"account\": \"acc\", \"amount\": 2, \"currency\": \"USD\"}");
        assertThat(usd.statusCode()).as(usd.body()).isEqualTo(201);
        JsonNode stored = LedgerInStack.json(release101.get("/entries/v101-usd"));
        assertThat(stored.get("currency").asText()).isEqualTo("USD");
        assertThat(stored.has("created_at")).isTrue();
        assertThat(LedgerInStack.json(release101.get("/entries/v100-before-0002")).get("currency").asText())
                .as("the column's default for a row 1.0.0 wrote").isEqualTo("EUR");
        assertThat(release101.post("/entries", "{\"id\": \"v101-bad\", \"account\": \"a\", \"amount\": 1, \"currency\": \"usd\"}")
                .statusCode()).isEqualTo(400);
        assertThat(http("ledger").write("v100-after-0002", "acc", 6).statusCode()).as("0002 is backward compatible").isEqualTo(201);
        assertThat(LedgerInStack.json(http("ledger").get("/entries/v100-after-0002")).has("currency")).isFalse();
    }

    @Test
    @Order(3)
    void release200FailsAFifthOfRealWritesAndWritesNothingForThem() throws Exception {
        LedgerClient release200 = http("ledger-200");
        List<String> failed = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (int amount = 1; amount <= 100; amount++) {
            String id = "v200-" + amount;
            HttpResponse<String> write = release200.write(id, "acc", amount);   // amount = sequence number, like Firedrill's writer
            if (write.statusCode() == 500) {
                assertThat(write.body()).contains("ArrayIndexOutOfBoundsException");
                failed.add(id);
            } else {
                assertThat(write.statusCode()).as(write.body()).isEqualTo(201);
                created.add(id);
            }
        }
        System.out.printf("release 2.0.0: %d of 100 writes answered 500%n", failed.size());
        assertThat(failed).hasSize(20).allMatch(id -> id.endsWith("8") || id.endsWith("9"));
        assertThat(stack.scalar("SELECT count(*) FROM entries WHERE id IN ('" + String.join("','", failed) + "')"))
                .as("no failed write is in the table").isZero();
        assertThat(stack.scalar("SELECT count(*) FROM entries WHERE id IN ('" + String.join("','", created) + "')")).isEqualTo(80);
        JsonNode entry = LedgerInStack.json(release200.get("/entries/v200-1"));
        assertThat(entry.get("currency").asText()).isEqualTo("EUR");
        assertThat(entry.has("created_at")).isFalse();
        assertThat(release200.get("/metrics").body())
                .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"500\"} 20\n");
    }

    @Test
    @Order(4)
    void readonlyRefusesWritesAndWritesNothingWhileReadsGoOn() throws Exception {
        LedgerClient release100 = http("ledger");
        assertThat(release100.post("/admin/maintenance", "{\"mode\": \"readonly\"}").statusCode()).isEqualTo(200);
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> write = release100.write("readonly-" + i, "acc", i);
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(write.body()).contains("read-only mode");
            }
            assertThat(stack.scalar("SELECT count(*) FROM entries WHERE id LIKE 'readonly-%'")).isZero();
            List<String> outcomes = harnessWriterOutcomes(stack.stack.endpoint("ledger", 8080).httpUri());
            assertThat(outcomes).as("the harness's writer counts a read-only refusal as failed, never as acknowledged")
                    .isNotEmpty().containsOnly("FAILED: HTTP 503");
            assertThat(release100.get("/entries/readonly-1").statusCode()).as("not cached either").isEqualTo(404);
            assertThat(release100.get("/entries/v100-after-0002").statusCode()).isEqualTo(200);
            assertThat(release100.get("/entries?after=0&limit=5").statusCode()).isEqualTo(200);
            assertThat(stack.metrics()).containsEntry("ledger_maintenance_mode{mode=\"readonly\"}", 1.0)
                    .containsEntry("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"503\"}",
                            10.0 + outcomes.size());
        } finally {
            release100.post("/admin/maintenance", "{\"mode\": \"off\"}");
        }
        assertThat(release100.write("readonly-after", "acc", 1).statusCode()).isEqualTo(201);
    }

    @Test
    @Order(5)
    void maintenanceAnswersThePageButStaysHealthy() throws Exception {
        LedgerClient release101 = http("ledger-101");
        assertThat(release101.post("/admin/maintenance", "{\"mode\": \"maintenance\"}").statusCode()).isEqualTo(200);
        try {
            HttpResponse<String> page = release101.get("/entries/v101-usd");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.headers().firstValue("Retry-After")).isPresent();
            assertThat(page.body()).contains("Down for maintenance");
            assertThat(release101.get("/ready").statusCode()).isEqualTo(503);
            HttpResponse<String> health = release101.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"mode\":\"maintenance\"");
        } finally {
            release101.post("/admin/maintenance", "{\"mode\": \"off\"}");
        }
        assertThat(release101.get("/entries/v101-usd").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void revision0004LeavesOnly200Working() throws Exception {
        sql("ALTER TABLE entries DROP COLUMN created_at");   // revision 0004, destructive

        HttpResponse<String> old = http("ledger").write("v100-after-0004", "acc", 1);
        assertThat(old.statusCode()).isEqualTo(500);
        assertThat(old.body()).contains("created_at").contains("release 1.0.0");
        assertThat(http("ledger-101").write("v101-after-0004", "acc", 1).statusCode()).isEqualTo(500);
        assertThat(http("ledger-200").write("v200-after-0004", "acc", 1).statusCode()).isEqualTo(201);
        assertThat(http("ledger-200").get("/entries?after=0&limit=1000").statusCode()).isEqualTo(200);
    }

    /** Runs Firedrill's own service writer for a second; its operations' outcomes, and checks none of them was stored. */
    private static List<String> harnessWriterOutcomes(java.net.URI service) throws Exception {
        try (ServiceWriter writer = new ServiceWriter(service, HarnessClock.system())) {
            writer.start();
            Thread.sleep(1000);
            writer.stop();
            assertThat(writer.readBack().size()).isZero();
            return writer.ledger().records().stream().map(r -> r.outcome() + ": " + r.reason()).toList();
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = stack.database(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
