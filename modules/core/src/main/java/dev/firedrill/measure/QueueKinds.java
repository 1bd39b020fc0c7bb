package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.access.ServiceJobs;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.kind.KindDescriptor.objective;
import static dev.firedrill.kind.KindDescriptor.probe;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.optional;

/**
 * The kinds of a job queue (runbook 004 §Scenario 3, the solver's Celery queue): its depth and the jobs' latency as
 * probes, and the objective that every job ran exactly once. The queue drains within a bound when
 * {@code ttr(queue)} holds, the depth probe failing while the backlog is at or above its threshold.
 */
@AutoService(KindProvider.class)
public final class QueueKinds implements KindProvider {

    private static final String QUEUE_HELP = "the queue's Redis list (Celery's default queue)";

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                probe("queue-depth", "LLEN of a Celery queue's Redis list every 500 ms, through the fault proxy; fails while the depth"
                        + " is at or above below, so ttr of its path is the time the backlog took to drain (path queue unless named)")
                        .param(optional("name", TEXT, QueueDepthProbe.PATH, "the path name objectives use"),
                                optional("service", TEXT, "redis", "the Redis service holding the queue"),
                                optional("queue", TEXT, ServiceJobs.QUEUE, QUEUE_HELP),
                                optional("below", INTEGER, 100, "the threshold: a depth at or above it is a backlog"))
                        .build(a -> new QueueDepthProbe(a.text("name"), a.text("service"), a.text("queue"), a.integer("below"))),
                probe("job-latency", "a solve job enqueued every so often through the service (POST /jobs) and its result polled"
                        + " (GET /jobs/{id}): latency from enqueue to result available; no result within timeout fails (path job unless named)")
                        .param(optional("name", TEXT, JobLatencyProbe.PATH, "the path name objectives use"),
                                optional("service", TEXT, "ledger", "the service enqueueing the jobs"),
                                optional("port", INTEGER, 8080, "its port"),
                                optional("size", INTEGER, 50_000, "each job's size: rounds of SHA-256 (50000: about 50 ms of an idle core)"),
                                optional("every", DURATION, Duration.ofSeconds(1), "how often a job is enqueued"),
                                optional("timeout", DURATION, Duration.ofSeconds(60), "how long a job may wait for its result"))
                        .build(a -> new JobLatencyProbe(a.text("name"), a.text("service"), a.integer("port"), a.integer("size"),
                                a.duration("every"), a.duration("timeout"))),
                objective("jobs-exactly-once", "every job the service accepted during the drill ran exactly once (the service's"
                        + " jobs against the worker's job_executions in PostgreSQL), the queue empty and nothing unacknowledged in Redis,"
                        + " read when the drill ends after waiting up to settle for the queue to drain")
                        .param(optional("postgres", TEXT, "postgres", "the PostgreSQL service holding the results store"),
                                optional("redis", TEXT, "redis", "the Redis service holding the queue"),
                                optional("queue", TEXT, ServiceJobs.QUEUE, QUEUE_HELP),
                                optional("settle", DURATION, JobsExactlyOnceObjective.DEFAULT_SETTLE,
                                        "how long the end of the drill waits for the queue to drain and the jobs to run"))
                        .build(a -> Slos.jobsExactlyOnce(a.text("postgres"), a.text("redis"), a.text("queue"), a.duration("settle"))));
    }
}
