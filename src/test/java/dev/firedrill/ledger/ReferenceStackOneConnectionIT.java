package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.StackDefinition;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

/**
 * The reference stack with a ledger of one pooled connection and a 5 s database timeout, made slow for
 * real: a direct JDBC session locks the {@code entries} table, so the service's write waits on
 * PostgreSQL's lock while holding its only connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceStackOneConnectionIT {

    private static LedgerInStack ledger;
    private String prefix;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void startStack() throws Exception {
        ledger = LedgerInStack.start(StackDefinition.load(ProjectFiles.referenceCompose())
                .withEnvironment("ledger", "LEDGER_POOL_SIZE", "1")
                .withEnvironment("ledger", "LEDGER_DB_TIMEOUT_MS", "5000"));
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
    void readinessNamesAnExhaustedPoolWhileTheOnlyConnectionWaitsOnALock() throws Exception {
        LedgerClient http = ledger.http();
        CompletableFuture<HttpResponse<String>> first;
        CompletableFuture<HttpResponse<String>> second;
        try (Connection lock = ledger.database()) {
            lockEntries(lock);
            first = CompletableFuture.supplyAsync(() -> write(http, prefix + "1"));
            awaitServiceWaitingOnLock();
            // The second write queues for the connection the first one holds.
            second = CompletableFuture.supplyAsync(() -> write(http, prefix + "2"));
            awaitMetric("ledger_db_pool_connections{state=\"pending\"}", 1.0);

            HttpResponse<String> ready = http.get("/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            assertThat(LedgerInStack.json(ready).get("database").asText()).isEqualTo("pool exhausted");
            Map<String, Double> metrics = ledger.metrics();
            assertThat(metrics.get("ledger_db_pool_connections{state=\"active\"}")).isEqualTo(1.0);
            assertThat(metrics.get("ledger_db_pool_max_connections")).isEqualTo(1.0);
            assertThat(first).as("the first write still waits on the lock").isNotDone();
            lock.rollback();
        }
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(ledger.awaitReady(Duration.ofSeconds(10)).statusCode()).as("ready once the lock is gone").isEqualTo(200);
    }

    @Test
    void drainsARequestInFlightWhenTheContainerGetsSigterm() throws Exception {
        LedgerClient http = ledger.http();
        try {
            CompletableFuture<HttpResponse<String>> inFlight;
            CompletableFuture<Long> stopping;
            try (Connection lock = ledger.database()) {
                lockEntries(lock);
                inFlight = CompletableFuture.supplyAsync(() -> write(http, prefix + "drained"));
                awaitServiceWaitingOnLock();

                stopping = CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    ledger.stack.processes().stop("ledger", Duration.ofSeconds(10));
                    return (System.nanoTime() - started) / 1_000_000;
                });
                awaitListenerClosed();
                assertThat(inFlight).as("the write still waits on the lock while the service drains").isNotDone();
                assertThat(stopping).as("the container waits for the drain").isNotDone();
                // Let the write through: it commits and answers while the service is shutting down.
                lock.rollback();
            }
            HttpResponse<String> answer = inFlight.get(15, TimeUnit.SECONDS);
            long stopMillis = stopping.get(20, TimeUnit.SECONDS);
            System.out.printf("in-flight write answered %d during the drain; stop took %d ms%n", answer.statusCode(), stopMillis);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(ledger.rowsWithId(prefix + "drained")).as("the drained write is committed").isEqualTo(1);
            InspectContainerResponse.ContainerState state = DockerClientFactory.instance().client()
                    .inspectContainerCmd(ledger.stack.containerId("ledger")).exec().getState();
            assertThat(state.getRunning()).isFalse();
            assertThat(state.getExitCodeLong()).as("exited on SIGTERM (143), not killed after the grace period (137)")
                    .isEqualTo(143L);
            assertThat(stopMillis).as("stopped by itself well within the 10 s grace").isLessThan(9000);
            assertThat(ledger.stack.processes().logs("ledger")).as("the drain is in the container's log")
                    // At least the held write; Docker's healthcheck may have a request in flight too.
                    .containsPattern("shutting down: draining [1-9]\\d* in-flight request\\(s\\)").contains("stopped after");
        } finally {
            if (!ledger.stack.processes().isRunning("ledger")) {
                ledger.stack.processes().start("ledger");
            }
        }
        assertThat(ledger.awaitReady(Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
        assertThat(LedgerInStack.json(ledger.http().write(prefix + "drained", "acc-x", 9)).get("seq").asLong())
                .as("the restarted service finds the drained write").isPositive();
    }

    /** Holds a lock that makes inserts wait (reads go on), inside an open transaction. */
    private static void lockEntries(Connection connection) throws Exception {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE entries IN SHARE MODE");
        }
    }

    private static HttpResponse<String> write(LedgerClient http, String id) {
        try {
            return http.write(id, "acc-1", 1);
        } catch (Exception e) {
            throw new IllegalStateException("write " + id + " got no answer: " + e, e);
        }
    }

    /** Until the service's insert shows in pg_stat_activity waiting on a lock. */
    private static void awaitServiceWaitingOnLock() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        try (Connection watch = ledger.database();
             PreparedStatement waiting = watch.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE application_name = 'ledger' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO entries%'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet row = waiting.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the ledger's insert never waited on the table lock within 4 s");
    }

    private static void awaitMetric(String series, double atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Map<String, Double> metrics = ledger.metrics();
        while (metrics.getOrDefault(series, 0.0) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = ledger.metrics();
        }
        assertThat(metrics.get(series)).as(series).isGreaterThanOrEqualTo(atLeast);
    }

    /**
     * Until a new request no longer gets an answer: the service has stopped accepting (the proxy in
     * front still accepts, then closes when the upstream refuses).
     */
    private static void awaitListenerClosed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ledger.http().get("/health");
            } catch (java.io.IOException closed) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ledger still accepted requests 5 s after SIGTERM:\n" + ledger.stack.processes().logs("ledger"));
    }
}
