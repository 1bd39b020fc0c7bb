package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.HarnessClock;
import dev.firedrill.Injection;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;
import dev.firedrill.access.Redis;
import dev.firedrill.access.ServiceJobs;
import dev.firedrill.fault.Faults;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job queue on the real queue stack (drills/stacks/queue.yml): jobs the service enqueues are run by the unmodified
 * Celery worker and read back; the depth probe sees a backlog while the worker is stopped; the exactly-once objective
 * passes when every job ran once and catches a job done twice and a job lost.
 */
@Timeout(60)
class QueueIT {

    private static final Duration CALL = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CALL).build();
    private static Stack stack;
    private static URI ledger;

    @BeforeAll
    @Timeout(240)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/queue.yml")));
        ledger = stack.endpoint("ledger", 8080).httpUri();
        await("the service accepts jobs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> ServiceJobs.enqueue(HTTP, ledger, 10, CALL) != null);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobTheServiceEnqueuesIsRunByTheCeleryWorkerAndReadBackFromTheResultsStore() throws Exception {
        String id = ServiceJobs.enqueue(HTTP, ledger, 1000, CALL);
        ServiceJobs.Job job = await("job " + id + " done").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> ServiceJobs.result(HTTP, ledger, id, CALL), ServiceJobs.Job::done);
        assertThat(job.executions()).isEqualTo(1);
        String answer = ReadJob.body(HTTP, ledger.resolve("/jobs/" + id));
        assertThat(answer).contains("\"result\":\"" + solve(1000) + "\"").contains("\"state\":\"done\"");
        try (Connection db = stack.sql().connect("postgres", "firedrill-it");
             PreparedStatement select = db.prepareStatement("SELECT worker FROM job_executions WHERE job_id = ?")) {
            select.setString(1, id);
            try (var row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("the execution names the worker's container and process").matches(".+/\\d+");
            }
        }
    }

    @Test
    void theDepthProbeSeesTheBacklogWhileTheWorkerIsStoppedAndItsDrainAfter() {
        Timeline timeline = new Timeline(HarnessClock.system());
        Probe probe = new QueueDepthProbe("queue", "redis", ServiceJobs.QUEUE, 10).apply(stack);
        stack.processes().stop("worker", Duration.ofSeconds(10));
        try (Probe.Running running = probe.start(timeline)) {
            try (Injection flood = Faults.jobFlood("ledger", 30).inject(stack)) {
                await("a backlog seen").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> timeline.observations("queue").stream().anyMatch(o -> QueueDepthProbe.depthOf(o) >= 30));
            } finally {
                stack.processes().start("worker");
            }
            try {
                await("the queue drained below 10").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> last(timeline).success());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the queue did not drain: last " + last(timeline) + "; the worker's log:\n"
                        + stack.processes().logs("worker"), e);
            }
        }
        List<Observation> seen = timeline.observations("queue");
        assertThat(seen).filteredOn(o -> !o.success()).allMatch(o -> QueueDepthProbe.depthOf(o) >= 10).isNotEmpty();
    }

    @Test
    void exactlyOnceHoldsWhenEachJobRanOnceAndCatchesAJobDoneTwiceAndAJobLost() throws Exception {
        JobAudit audit = new JobAudit("postgres", "redis", ServiceJobs.QUEUE, Duration.ofSeconds(3));
        JobsExactlyOnceObjective objective = new JobsExactlyOnceObjective(audit);

        Timeline clean = new Timeline(HarnessClock.system());
        List<String> ids;
        try (Probe.Running watch = audit.apply(stack).start(clean)) {
            ids = List.of(ServiceJobs.enqueue(HTTP, ledger, 1000, CALL), ServiceJobs.enqueue(HTTP, ledger, 1000, CALL));
        }
        ObjectiveResult once = objective.judge(DrillMeasurements.empty(clean));
        assertThat(once.passed()).as(once.message()).isTrue();
        assertThat(once.message()).startsWith("jobs=2 completed=2 never-ran=0 duplicated=0 executions=2 queued=0 unacked=0");

        Timeline twice = new Timeline(HarnessClock.system());
        try (Probe.Running watch = audit.apply(stack).start(twice);
             Connection db = stack.sql().connect("postgres", "firedrill-it")) {
            String id = ServiceJobs.enqueue(HTTP, ledger, 1000, CALL);
            await("job done").atMost(Duration.ofSeconds(20)).until(() -> ServiceJobs.result(HTTP, ledger, id, CALL).done());
            // A second execution of the same job, as a worker that ran a redelivered message would record it.
            try (PreparedStatement again = db.prepareStatement("INSERT INTO job_executions (job_id, worker, started_at, finished_at, result)"
                    + " SELECT job_id, 'second-worker', started_at, finished_at, result FROM job_executions WHERE job_id = ?")) {
                again.setString(1, id);
                assertThat(again.executeUpdate()).isEqualTo(1);
            }
        }
        ObjectiveResult duplicated = objective.judge(DrillMeasurements.empty(twice));
        assertThat(duplicated.passed()).isFalse();
        assertThat(duplicated.message()).contains("duplicated=1").contains("1 job(s) done more than once (1 extra execution(s))");

        Timeline lost = new Timeline(HarnessClock.system());
        stack.processes().stop("worker", Duration.ofSeconds(10));
        try (Probe.Running watch = audit.apply(stack).start(lost); Jedis redis = Redis.connect(stack, "redis")) {
            ServiceJobs.enqueue(HTTP, ledger, 1000, CALL);
            assertThat(redis.llen(ServiceJobs.QUEUE)).isGreaterThanOrEqualTo(1);
            redis.del(ServiceJobs.QUEUE);   // the broker loses the message
        } finally {
            stack.processes().start("worker");
        }
        ObjectiveResult missing = objective.judge(DrillMeasurements.empty(lost));
        assertThat(missing.passed()).isFalse();
        assertThat(missing.message()).contains("jobs=1 completed=0 never-ran=1").contains("1 job(s) lost (accepted, never ran, not queued)");
        assertThat(ids).hasSize(2);
    }

    private static Observation last(Timeline timeline) {
        List<Observation> all = timeline.observations("queue");
        return all.get(all.size() - 1);
    }

    /** What the worker computes: {@code size} rounds of SHA-256 from the bytes of "solve", hex. */
    private static String solve(int size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = "solve".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            digest = sha.digest(digest);
        }
        return HexFormat.of().formatHex(digest);
    }

    /** A GET's body. */
    private static final class ReadJob {
        static String body(HttpClient http, URI uri) throws Exception {
            return http.send(java.net.http.HttpRequest.newBuilder(uri).timeout(CALL).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
