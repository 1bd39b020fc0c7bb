package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.HarnessClock;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The measurement core against the real reference stack (issue 5): a known set of deleted writes is
 * reported lost exactly, with the RPO split at the disruption; a postgres outage of exactly 5 s is
 * measured as 5 s on the write path, within the probe's resolution plus the service's reconnect time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeasurementTruthIT {

    private static final HarnessClock CLOCK = HarnessClock.system();
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration HOLD = Duration.ofSeconds(5);
    /** How late the hold may end on a busy machine before the test says the hold itself was wrong. */
    private static final Duration HOLD_SLACK = Duration.ofMillis(100);
    /**
     * Scheduling allowance on a busy 2-core machine: the probe thread or the HTTP round trip through
     * two proxies may run late by this much once the path is back (plus the hold's own slack).
     */
    private static final Duration SCHEDULING_ALLOWANCE = Duration.ofMillis(300);
    /**
     * The reference stack's pool settings (docs/reference-service.md) must bring the write path back within this
     * after the database returns.
     */
    private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(2);

    private static Stack stack;
    /** What the reconnect test measured, for the report. */
    private static Duration measuredReconnect;

    /**
     * The analysis places an observation at its start, so a request that waits inside the service
     * across the revert (the service holds a write up to its db timeout waiting for a connection) and
     * then succeeds within the latency objective L counts from its start: the measured RTO can be as
     * low as hold + reconnect - L. The tolerance of this test is two probe intervals, so L is the
     * largest objective that keeps that bound: two intervals plus the reconnect time of the same
     * outage (measured by a second client). The default latency objective of 1 s (docs/measurements.md)
     * would let the RTO of a 5 s outage read as little as about 4.1 s (printed for the record).
     */
    private static Duration latencyObjective(Duration reconnect) {
        return PROBE_INTERVAL.multipliedBy(2).plus(reconnect);
    }

    @BeforeAll
    @Timeout(240)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()));
        await("ledger accepts a first write").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(HttpCalls.client(Duration.ofSeconds(2)), "fdt-warmup-" + System.nanoTime()) == 201);
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---------------------------------------------------------------- ledger

    @Test
    @Order(1)
    @Timeout(60)
    void reportsExactlyTheWritesDeletedBehindTheServicesBackAsLostSplitAtTheDisruption() throws Exception {
        Timeline timeline = new Timeline(CLOCK);
        ServiceWriter writer = new ServiceWriter(ledgerUri(), CLOCK,
                WriterSettings.defaults().withInterval(Duration.ofMillis(20)));
        try (writer) {
            writer.start();
            await("25 acknowledged writes before the disruption").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged(writer.ledger()).size() >= 25);
            timeline.mark(Marker.DISRUPTION, "chosen point between acknowledged writes");
            await("25 more acknowledged writes after it").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged(writer.ledger()).size() >= 55);
            writer.stop();
        }
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        List<OperationRecord> records = writer.ledger().records();
        Map<Long, TimePoint> acks = acknowledged(writer.ledger());
        List<Long> before = acks.entrySet().stream().filter(e -> e.getValue().isBefore(disruption))
                .map(Map.Entry::getKey).toList();
        List<Long> after = acks.entrySet().stream().filter(e -> !e.getValue().isBefore(disruption))
                .map(Map.Entry::getKey).toList();
        assertThat(before).as("acknowledged before the disruption").hasSizeGreaterThanOrEqualTo(20);
        assertThat(after).as("acknowledged after the disruption").hasSizeGreaterThanOrEqualTo(20);

        // Not the earliest write: the RPO window must come from the earliest *lost* one.
        List<Long> deletedBefore = List.of(before.get(3), before.get(7), before.get(12));
        List<Long> deletedAfter = List.of(after.get(1), after.get(5), after.get(6), after.get(11));
        List<Long> deleted = new ArrayList<>(deletedBefore);
        deleted.addAll(deletedAfter);
        deleted.sort(Comparator.naturalOrder());
        assertThat(deleteBehindTheServicesBack(writer, deleted)).as("rows deleted in PostgreSQL").isEqualTo(7);

        ReadBack fromDatabase = writer.readBackFromDatabase(jdbcUrl(), dbUser(), dbPassword());
        LedgerReport report = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(records, fromDatabase);

        TimePoint earliestLostBefore = deletedBefore.stream().map(acks::get).min(Comparator.naturalOrder())
                .orElseThrow();
        assertThat(report.lost()).as("lost ids").containsExactlyElementsOf(deleted);
        assertThat(report.lostCount()).isEqualTo(7);
        assertThat(report.acknowledged()).isEqualTo(acks.size());
        assertThat(report.invoked()).isEqualTo(records.stream().map(OperationRecord::id).distinct().count());
        assertThat(report.rpoLostWrites()).as("rpo_lost_writes").isEqualTo(3);
        assertThat(report.rpoWindow()).as("rpo_window").isEqualTo(disruption.since(earliestLostBefore));
        assertThat(report.lostAfterDisruption()).as("lost_after_disruption").isEqualTo(4);
        assertThat(report.discardedAfterDisruption()).isNull();
        assertThat(report.unexpected()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.failedButPresent()).isZero();

        // The service's own read-back (GET /entries?after=) must also come from the database, not the cache.
        LedgerReport viaService = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(records, writer.readBack());
        assertThat(viaService.lost()).as("lost ids, read back through the service").containsExactlyElementsOf(deleted);

        System.out.printf("ledger truth: %d acknowledged (%d before, %d after the disruption), deleted %s, "
                + "lost %s, rpo_lost_writes=%d, rpo_window=%s, lost_after_disruption=%d%n", acks.size(), before.size(),
                after.size(), deleted, report.lost(), report.rpoLostWrites(), report.rpoWindow(),
                report.lostAfterDisruption());
    }

    @Test
    @Order(2)
    @Timeout(60)
    void reportsNothingLostWhenNothingIsDeleted() {
        Timeline timeline = new Timeline(CLOCK);
        ServiceWriter writer = new ServiceWriter(ledgerUri(), CLOCK,
                WriterSettings.defaults().withInterval(Duration.ofMillis(20)));
        try (writer) {
            writer.start();
            await("25 acknowledged writes").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged(writer.ledger()).size() >= 25);
            timeline.mark(Marker.DISRUPTION, "chosen point, nothing deleted");
            await("25 more").atMost(Duration.ofSeconds(30)).until(() -> acknowledged(writer.ledger()).size() >= 55);
            writer.stop();
        }
        LedgerReport report = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(writer.ledger(), writer.readBackFromDatabase(jdbcUrl(), dbUser(), dbPassword()));

        assertThat(report.acknowledged()).isGreaterThanOrEqualTo(55);
        assertThat(report.lost()).isEmpty();
        assertThat(report.rpoLostWrites()).isZero();
        assertThat(report.rpoWindow()).isEqualTo(Duration.ZERO);
        assertThat(report.lostAfterDisruption()).isZero();
        assertThat(report.unexpected()).isZero();
        assertThat(report.duplicates()).isZero();
    }

    // ---------------------------------------------------------------- outage

    @Test
    @Order(3)
    @Timeout(60)
    void serviceWritesAgainWithinTwoSecondsOfThePostgresProxyComingBack() throws Exception {
        measuredReconnect = measureReconnect();

        assertThat(measuredReconnect).as("re-enable of proxy 'postgres' -> first acknowledged write")
                .isPositive().isLessThan(RECONNECT_LIMIT);
    }

    @Test
    @Order(4)
    @Timeout(60)
    void postgresDisabledForFiveSecondsMeasuresAFiveSecondOutageOnTheWritePath() throws Exception {
        RecoveryAnalysis steady = RecoveryAnalysis.defaults();
        Timeline timeline = new Timeline(CLOCK);
        Proxy postgres = proxyClient().getProxy("postgres");
        TimePoint disabled;
        TimePoint enabling;
        Duration disableCall;
        Duration enableCall;
        Duration reconnect;
        try (Probe.Running probe = Probes.http(ledgerUri()).every(PROBE_INTERVAL).write().start(timeline)) {
            await("write path steady before the fault").atMost(Duration.ofSeconds(20))
                    .until(() -> endsInSteadyRun(timeline.observations("write"), steady));
            timeline.mark(Marker.STEADY_PROVEN, "write path: " + steady.steadyRun() + " successes");

            // The service's reconnect time in this very outage, measured by a second, faster client.
            try (WriteInFlight writes = new WriteInFlight("fdt-outage-")) {
                TimePoint disabling = CLOCK.now();
                postgres.disable();
                try {
                    disabled = CLOCK.now();
                    disableCall = disabled.since(disabling);
                    // The fault is in effect (and verified by the API's answer) once the call returns.
                    timeline.mark(Marker.DISRUPTION, "proxy postgres disabled", disabled);
                    holdUntil(disabled.plus(HOLD));
                } finally {
                    enabling = CLOCK.now();
                    writes.enabling(enabling);
                    postgres.enable();
                }
                enableCall = CLOCK.now().since(enabling);
                timeline.mark(Marker.FAULT_REVERTED, "proxy postgres enabled", enabling);
                timeline.mark(Marker.RECOVERY_STARTED, "proxy postgres enabled", enabling);
                reconnect = writes.reconnect(disabled, "during the outage test");
            }
            RecoveryAnalysis judging = RecoveryAnalysis.defaults().withLatencyObjective(latencyObjective(reconnect));
            await("write path steady after the revert").atMost(Duration.ofSeconds(20))
                    .until(() -> judging.measure("write", timeline).recovered());
        }
        RecoveryAnalysis analysis = RecoveryAnalysis.defaults().withLatencyObjective(latencyObjective(reconnect));
        RecoveryMeasurement write = analysis.measure("write", timeline);
        System.out.println("outage timeline: " + timeline.exportJsonLines(
                ProjectFiles.root().resolve("target/measurement-truth/outage-timeline.jsonl")));
        Duration held = enabling.since(disabled);
        // For the report: the same observations judged with the default 1 s objective (see latencyObjective).
        RecoveryMeasurement withDefaults = RecoveryAnalysis.defaults().measure("write", timeline);
        Duration lower = HOLD.minus(PROBE_INTERVAL.multipliedBy(2));
        Duration upper = HOLD.plus(PROBE_INTERVAL.multipliedBy(2)).plus(reconnect).plus(SCHEDULING_ALLOWANCE);
        System.out.printf("outage truth: held %s (disable call %s, enable call %s), measured RTO %s, TTR %s, "
                + "detection %s, reconnect %s (reconnect test: %s), accepted [%s, %s]; RTO with the default 1 s "
                + "objective: %s (objective used: %s)%n", held, disableCall, enableCall, write.rto(), write.ttr(), write.detection(),
                reconnect, measuredReconnect, lower, upper, withDefaults.rto(), analysis.latencyObjective());

        assertThat(held).as("the hold itself").isBetween(HOLD, HOLD.plus(HOLD_SLACK));
        assertThat(reconnect).as("reconnect in this outage").isLessThan(RECONNECT_LIMIT);
        assertThat(write.recovered()).as("write path recovered").isTrue();
        assertThat(write.rto()).as("RTO of the write path for a %s outage (probe every %s, reconnect %s)", HOLD,
                PROBE_INTERVAL, reconnect).isBetween(lower, upper);
        assertThat(write.ttr()).as("TTR = RTO - hold").isEqualTo(write.rto().minus(held).isNegative()
                ? Duration.ZERO : write.rto().minus(held));
        assertThat(write.detection()).as("the outage was seen").isNotNull();
        Duration serviceTimeout = Duration.ofMillis(Long.parseLong(stack.environment("ledger")
                .getOrDefault("LEDGER_DB_TIMEOUT_MS", "2000")));
        assertThat(write.detection()).as("detection: at worst one request waiting out the service's db timeout")
                .isLessThanOrEqualTo(serviceTimeout.plus(PROBE_INTERVAL.multipliedBy(2)).plus(SCHEDULING_ALLOWANCE));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Cuts the service from PostgreSQL, waits until its writes fail, re-enables the proxy and returns
     * the time from the start of the re-enable call to the first write the service acknowledges.
     */
    private static Duration measureReconnect() throws Exception {
        Proxy postgres = proxyClient().getProxy("postgres");
        await("a write acknowledged before the cut").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> post(HttpCalls.client(Duration.ofSeconds(2)), "fdt-pre-" + System.nanoTime()) == 201);
        try (WriteInFlight writes = new WriteInFlight("fdt-reconnect-")) {
            TimePoint disabled;
            postgres.disable();
            try {
                disabled = CLOCK.now();
                await("writes fail while proxy postgres is disabled").atMost(Duration.ofSeconds(15))
                        .until(() -> writes.firstFailureAfter(disabled).isPresent());
                // Let the service settle into its outage (pool emptied, attempts refused) before the revert.
                holdUntil(CLOCK.now().plus(Duration.ofMillis(500)));
            } finally {
                writes.enabling(CLOCK.now());
                postgres.enable();
            }
            return writes.reconnect(disabled, "reconnect test");
        }
    }

    /**
     * A client that keeps one write through the service in flight at all times (the next one 10 ms
     * after each answer), so the first write the service acknowledges after the database returns is
     * seen within about 10 ms plus one round trip. The service holds a write waiting for a pooled
     * connection up to its db timeout, so a write is usually already waiting when the path returns.
     */
    private static final class WriteInFlight implements AutoCloseable {

        record Attempt(TimePoint start, TimePoint end, int status) {
            boolean acknowledged() {
                return status == 201 || status == 200;
            }
        }

        private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "truth-write-in-flight");
            t.setDaemon(true);
            return t;
        });
        private volatile TimePoint enabling;

        WriteInFlight(String prefix) {
            HttpClient client = HttpCalls.client(Duration.ofSeconds(2));
            AtomicLong n = new AtomicLong();
            executor.execute(() -> {
                while (!stop.get()) {
                    TimePoint start = CLOCK.now();
                    int status = post(client, prefix + n.incrementAndGet() + "-" + System.nanoTime());
                    attempts.add(new Attempt(start, CLOCK.now(), status));
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
            });
        }

        Optional<TimePoint> firstFailureAfter(TimePoint t) {
            return attempts.stream().filter(a -> !a.acknowledged() && a.end().isAfter(t)).map(Attempt::end)
                    .min(Comparator.naturalOrder());
        }

        /**
         * The time from the re-enable (marked with {@link #enabling(TimePoint)}) to the first
         * acknowledgement after it; also checks that nothing was acknowledged while the path was cut.
         */
        Duration reconnect(TimePoint disabled, String what) {
            TimePoint enabledAt = enabling;
            if (enabledAt == null) {
                throw new IllegalStateException("mark the re-enable first");
            }
            await("a write acknowledged after the re-enable (" + what + ")").atMost(Duration.ofSeconds(20))
                    .until(() -> attempts.stream().anyMatch(a -> a.acknowledged() && a.end().isAfter(enabledAt)));
            TimePoint firstFailure = firstFailureAfter(disabled).orElseThrow();
            assertThat(attempts).as("no write acknowledged between the first failure and the re-enable (%s)", what)
                    .noneMatch(a -> a.acknowledged() && a.end().isAfter(firstFailure) && a.end().isBefore(enabledAt));
            Attempt first = attempts.stream().filter(a -> a.acknowledged() && a.end().isAfter(enabledAt))
                    .min(Comparator.comparing(Attempt::end)).orElseThrow();
            Duration reconnect = first.end().since(enabledAt);
            System.out.printf("reconnect truth (%s): first acknowledged write %s after the re-enable (that write "
                    + "started %s after it, took %s)%n", what, reconnect, first.start().since(enabledAt),
                    first.end().since(first.start()));
            return reconnect;
        }

        /** Marks the instant the re-enable call started. */
        void enabling(TimePoint t) {
            enabling = t;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            executor.shutdown();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    /** A measured wait on the monotonic clock: parks until {@code until}, never returns early. */
    private static void holdUntil(TimePoint until) {
        while (true) {
            long remaining = until.monotonicNanos() - CLOCK.now().monotonicNanos();
            if (remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(remaining, Duration.ofMillis(20).toNanos()));
        }
    }

    private static boolean endsInSteadyRun(List<Observation> observations, RecoveryAnalysis analysis) {
        int k = analysis.steadyRun();
        if (observations.size() < k) {
            return false;
        }
        return observations.subList(observations.size() - k, observations.size()).stream()
                .allMatch(o -> o.succeededWithin(analysis.latencyObjective()));
    }

    /** Acknowledged ids with their acknowledgement time, in id order, computed from the ledger's records. */
    private static Map<Long, TimePoint> acknowledged(OperationLedger ledger) {
        Map<Long, TimePoint> acks = new TreeMap<>();
        for (OperationRecord r : ledger.records()) {
            if (r.outcome() == Outcome.ACKNOWLEDGED) {
                acks.merge(r.id(), r.completedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return acks;
    }

    private static int deleteBehindTheServicesBack(ServiceWriter writer, List<Long> ids) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), dbUser(), dbPassword());
                PreparedStatement delete = c.prepareStatement("DELETE FROM entries WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("text", ids.stream().map(writer::entryId).toArray());
            delete.setArray(1, array);
            return delete.executeUpdate();
        }
    }

    private static int post(HttpClient client, String id) {
        try {
            return client.send(HttpCalls.postEntry(ledgerUri(), id, 1, Duration.ofSeconds(5)),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static URI ledgerUri() {
        return stack.endpoint("ledger", 8080).httpUri();
    }

    private static ToxiproxyClient proxyClient() {
        var api = stack.directEndpoint("proxy", 8474);
        return new ToxiproxyClient(api.host(), api.port());
    }

    private static String jdbcUrl() {
        return stack.directEndpoint("postgres", 5432).jdbcPostgres(stack.environment("postgres").get("POSTGRES_DB"));
    }

    private static String dbUser() {
        return stack.environment("postgres").get("POSTGRES_USER");
    }

    private static String dbPassword() {
        return stack.environment("postgres").get("POSTGRES_PASSWORD");
    }
}
