package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.StackDefinition;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The whole reference stack from {@code docker-compose.drill.yml}, the service in its own image behind
 * the fault proxy, reached only through mapped ports on 127.0.0.1. One stack for the class: every test
 * leaves the stack as it found it (a stopped or killed dependency is started again) and waits for
 * readiness first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceStackIT {

    /** What a busy two-core machine may add to the configured timeout (HTTP, proxy, scheduling). */
    private static final Duration SLACK = Duration.ofMillis(1000);

    private static LedgerInStack ledger;
    private String prefix;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void startStack() throws Exception {
        ledger = LedgerInStack.start(StackDefinition.load(ProjectFiles.referenceCompose()));
    }

    @AfterAll
    static void closeStack() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @BeforeEach
    void readyAndNamed(TestInfo test) throws Exception {
        prefix = test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime() + "-";
        assertThat(ledger.awaitReady(Duration.ofSeconds(30)).statusCode()).as("ledger ready before the test").isEqualTo(200);
    }

    @Test
    void acknowledgesAnIdOnceAndAnswersARepeatWithTheOriginalEntry() throws Exception {
        LedgerClient http = ledger.http();

        HttpResponse<String> first = http.write(prefix + "1", "acc-7", 120);
        HttpResponse<String> again = http.write(prefix + "1", "acc-other", 999);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode created = LedgerInStack.json(first);
        assertThat(created.get("id").asText()).isEqualTo(prefix + "1");
        assertThat(created.get("node").asText()).matches("\\d+@[0-9a-f.:]+:5432");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode original = LedgerInStack.json(again);
        assertThat(original.get("seq").asLong()).isEqualTo(created.get("seq").asLong());
        assertThat(original.get("account").asText()).as("the first write's account, not the repeat's").isEqualTo("acc-7");
        assertThat(original.get("amount").asLong()).isEqualTo(120);
        assertThat(ledger.rowsWithId(prefix + "1")).isEqualTo(1);
    }

    @Test
    void concurrentWritesOfOneIdLeaveOneRowAndOneCreation() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                LedgerClient http = ledger.http();
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.write(prefix + "same", "acc-1", 5);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                seqs.add(LedgerInStack.json(response).get("seq").asLong());
            }
            assertThat(statuses).as("one creation, every other answer the original").containsOnly(201, 200);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
            assertThat(seqs).as("everyone sees the same entry").containsOnly(seqs.get(0));
            assertThat(ledger.rowsWithId(prefix + "same")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readBackListsTheDatabaseRowsInSequenceOrderPageByPage() throws Exception {
        long before = ledger.scalar("SELECT coalesce(max(seq), 0) FROM entries");
        LedgerClient http = ledger.http();
        for (int i = 0; i < 5; i++) {
            assertThat(http.write(prefix + i, "acc-" + i, 100 + i).statusCode()).isEqualTo(201);
        }

        JsonNode page1 = LedgerInStack.json(http.get("/entries?after=" + before + "&limit=3"));
        long next = page1.get("next_after").asLong();
        JsonNode page2 = LedgerInStack.json(http.get("/entries?after=" + next + "&limit=3"));

        List<String> listed = new ArrayList<>();
        for (JsonNode page : List.of(page1, page2)) {
            for (JsonNode entry : page.get("entries")) {
                listed.add(entry.get("seq").asLong() + " " + entry.get("id").asText() + " " + entry.get("account").asText()
                        + " " + entry.get("amount").asLong());
            }
        }
        assertThat(page1.get("entries")).hasSize(3);
        assertThat(page2.get("entries")).hasSize(2);
        assertThat(listed).as("read-back equals what PostgreSQL holds after seq " + before).isEqualTo(rowsAfter(before));
        assertThat(listed).extracting(line -> line.split(" ")[1])
                .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
    }

    @Test
    void servesCachedEntriesAndRefusesWritesFastWhilePostgresIsStopped() throws Exception {
        Duration timeout = Duration.ofMillis(Long.parseLong(ledger.stack.environment("ledger").get("LEDGER_DB_TIMEOUT_MS")));
        LedgerClient http = ledger.http();
        assertThat(http.write(prefix + "cached", "acc-1", 1).statusCode()).isEqualTo(201);
        long stoppedAt = System.nanoTime();
        ledger.stack.processes().stop("postgres", Duration.ofSeconds(10));
        try {
            System.out.printf("postgres stopped in %d ms%n", (System.nanoTime() - stoppedAt) / 1_000_000);

            HttpResponse<String> cached = http.get("/entries/" + prefix + "cached");
            assertThat(cached.statusCode()).as(cached.body()).isEqualTo(200);
            assertThat(cached.headers().firstValue("X-Served-From")).hasValue("cache");
            assertThat(LedgerInStack.json(cached).get("account").asText()).isEqualTo("acc-1");

            List<Long> writeMillis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> refused = http.write(prefix + "refused-" + i, "acc-1", 1);
                writeMillis.add((System.nanoTime() - started) / 1_000_000);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(LedgerInStack.json(refused).has("error")).isTrue();
            }
            System.out.printf("503 write latency with postgres stopped (timeout %d ms): %s ms%n", timeout.toMillis(), writeMillis);
            assertThat(writeMillis).as("every 503 within LEDGER_DB_TIMEOUT_MS plus slack")
                    .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(timeout.plus(SLACK).toMillis()));

            HttpResponse<String> uncached = http.get("/entries/" + prefix + "never-written");
            assertThat(uncached.statusCode()).as("not in the cache and no database: " + uncached.body()).isEqualTo(503);

            HttpResponse<String> ready = http.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode reasons = LedgerInStack.json(ready);
            assertThat(reasons.get("database").asText()).isNotEqualTo("ok");
            assertThat(reasons.get("cache").asText()).isEqualTo("ok");
        } finally {
            ledger.stack.processes().start("postgres");
        }
        long healthy = System.nanoTime();
        HttpResponse<String> written = null;
        List<String> attempts = new ArrayList<>();
        while (System.nanoTime() - healthy < Duration.ofSeconds(20).toNanos()) {
            long started = System.nanoTime();
            written = http.write(prefix + "after", "acc-1", 1);
            attempts.add(written.statusCode() + " after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            if (written.statusCode() == 201) {
                break;
            }
            Thread.sleep(50);
        }
        long reconnectMillis = (System.nanoTime() - healthy) / 1_000_000;
        System.out.printf("first 201 %d ms after postgres was healthy again; writes: %s%n", reconnectMillis, attempts);
        assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
        assertThat(ledger.rowsWithId(prefix + "refused-0")).as("a refused write is not stored").isZero();
        assertThat(ledger.rowsWithId(prefix + "cached")).isEqualTo(1);
    }

    @Test
    void keepsWorkingFromTheDatabaseWhileRedisIsDownAndUsesTheCacheAgainWhenItReturns() throws Exception {
        LedgerClient http = ledger.http();
        assertThat(http.write(prefix + "before", "acc-1", 1).statusCode()).isEqualTo(201);
        ledger.stack.processes().kill("redis");
        try {
            HttpResponse<String> ready = http.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode reasons = LedgerInStack.json(ready);
            assertThat(reasons.get("cache").asText()).as(ready.body()).isNotEqualTo("ok");
            assertThat(reasons.get("database").asText()).as(ready.body()).isEqualTo("ok");

            HttpResponse<String> written = http.write(prefix + "during", "acc-2", 2);
            assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
            for (String id : List.of(prefix + "before", prefix + "during")) {
                HttpResponse<String> read = http.get("/entries/" + id);
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                assertThat(read.headers().firstValue("X-Served-From")).as(id).hasValue("database");
            }
        } finally {
            ledger.stack.processes().start("redis");
        }
        assertThat(ledger.awaitReady(Duration.ofSeconds(15)).statusCode()).as("ready again once Redis is back").isEqualTo(200);
        // The restarted Redis is empty: the first read comes from the database and fills the cache; reads are
        // served from the cache again as soon as the service's cache connection is back (a fill attempted on a
        // connection that had not yet noticed the restart may be lost: the next read refills it).
        HttpResponse<String> refill = http.get("/entries/" + prefix + "during");
        assertThat(refill.headers().firstValue("X-Served-From")).hasValue("database");
        org.awaitility.Awaitility.await("a read served from the returned cache").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/entries/" + prefix + "during").headers().firstValue("X-Served-From").orElse(""),
                        "cache"::equals);
    }

    @Test
    void metricsCountRequestsByRouteAndStatusWithLatencyPoolAndCacheFigures() throws Exception {
        LedgerClient http = ledger.http();
        assertThat(http.write(prefix + "m", "acc-1", 1).statusCode()).isEqualTo(201);
        Map<String, Double> before = ledger.metrics();

        assertThat(http.get("/entries/" + prefix + "m").headers().firstValue("X-Served-From")).hasValue("cache");
        assertThat(http.get("/entries/" + prefix + "absent").statusCode()).isEqualTo(404);
        assertThat(http.get("/entries/" + prefix + "absent").statusCode()).isEqualTo(404);
        String byId = "method=\"GET\",route=\"/entries/{id}\"";
        // The service counts a request after its answer is sent: wait until the last one is counted.
        Map<String, Double> after = org.awaitility.Awaitility.await("the three reads counted").atMost(Duration.ofSeconds(10))
                .until(ledger::metrics, m -> delta(before, m, "ledger_http_request_duration_seconds_count{" + byId + "}") >= 3);

        assertThat(delta(before, after, "ledger_http_requests_total{" + byId + ",status=\"200\"}")).isEqualTo(1);
        assertThat(delta(before, after, "ledger_http_requests_total{" + byId + ",status=\"404\"}")).isEqualTo(2);
        assertThat(after).containsKey("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"201\"}");
        assertThat(delta(before, after, "ledger_cache_hits_total")).isEqualTo(1);
        assertThat(delta(before, after, "ledger_cache_misses_total")).isEqualTo(2);

        assertThat(delta(before, after, "ledger_http_request_duration_seconds_count{" + byId + "}")).isEqualTo(3);
        assertThat(after.get("ledger_http_request_duration_seconds_sum{" + byId + "}"))
                .isGreaterThan(before.getOrDefault("ledger_http_request_duration_seconds_sum{" + byId + "}", 0.0));
        double previous = 0;
        for (String le : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf")) {
            Double bucket = after.get("ledger_http_request_duration_seconds_bucket{" + byId + ",le=\"" + le + "\"}");
            assertThat(bucket).as("bucket le=" + le).isNotNull().isGreaterThanOrEqualTo(previous);
            previous = bucket;
        }
        assertThat(previous).as("+Inf bucket equals the count")
                .isEqualTo(after.get("ledger_http_request_duration_seconds_count{" + byId + "}"));

        assertThat(after.get("ledger_db_pool_max_connections")).as("LEDGER_POOL_SIZE").isEqualTo(10.0);
        double total = after.get("ledger_db_pool_connections{state=\"total\"}");
        assertThat(total).isBetween(1.0, 10.0);
        assertThat(after.get("ledger_db_pool_connections{state=\"active\"}") + after.get("ledger_db_pool_connections{state=\"idle\"}"))
                .isEqualTo(total);
        assertThat(after.get("ledger_db_pool_connections{state=\"pending\"}")).isZero();
        assertThat(after).containsEntry("ledger_release_info{release=\"A\"}", 1.0);
    }

    @Test
    void versionNamesTheReleaseFromTheEnvironmentAndTheCommittingServer() throws Exception {
        HttpResponse<String> version = ledger.http().get("/version");
        assertThat(version.statusCode()).isEqualTo(200);
        JsonNode body = LedgerInStack.json(version);
        assertThat(body.get("release").asText()).isEqualTo(ledger.stack.environment("ledger").get("LEDGER_RELEASE")).isEqualTo("A");
        String systemIdentifier = String.valueOf(ledger.scalar("SELECT system_identifier FROM pg_control_system()"));
        assertThat(body.get("node").asText()).startsWith(systemIdentifier + "@").endsWith(":5432");
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("metrics after").containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private static List<String> rowsAfter(long seq) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = ledger.database();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT seq, id, account, amount FROM entries WHERE seq > ? ORDER BY seq")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getLong(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getLong(4));
                }
            }
        }
        return rows;
    }
}
