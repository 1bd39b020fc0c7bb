package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Redis;
import dev.firedrill.access.ServiceJobs;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A flood of jobs (runbook 004 §Scenario 3: the solver's queue grows faster than the workers drain it): {@code jobs}
 * solve jobs enqueued through the service's own endpoint ({@code POST /jobs}, docs/reference-service.md) as fast as
 * four clients can, so each is recorded by the service and put on the Celery queue exactly as a user's would be.
 *
 * <p>Takes effect when the service accepted every job (202 with an id) and the queue's depth, read from Redis directly
 * right after, shows the backlog (at least one waiting). Undo does nothing: the jobs are work the system owes, and
 * removing them from the queue would lose them, which is what a drill around it checks does not happen; they drain as
 * the workers run them. Should the JVM die, the same: the workers finish them.
 *
 * <p>In a drill file: {@code - {kind: job-flood, target: ledger, jobs: 300}}.
 *
 * @param service the service enqueueing them (the reference service, HTTP on port 8080)
 * @param jobs    how many
 * @param size    each job's size (rounds of SHA-256 the worker computes)
 * @param redis   the Redis service holding the queue, read for the effect
 */
public record JobFloodFault(String service, int jobs, int size, String redis) implements Fault {

    static final int PORT = 8080;
    static final int MAX_JOBS = 100_000;
    static final int DEFAULT_SIZE = 50_000;
    private static final int CLIENTS = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public JobFloodFault {
        Faults.requireService(service, "jobFlood");
        Faults.requireService(redis, "jobFlood(" + service + "): redis");
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("jobFlood(" + service + "): jobs must be 1 .. " + MAX_JOBS + ", got " + jobs);
        }
        if (size < 1 || size > 10_000_000) {
            throw new IllegalArgumentException("jobFlood(" + service + "): size must be 1 .. 10000000 (rounds of SHA-256 per job,"
                    + " what the service accepts), got " + size);
        }
    }

    /** The kind {@code job-flood}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("job-flood", "a flood of solve jobs enqueued through the service (POST /jobs), each"
                            + " recorded and queued as a user's: a backlog in the Celery queue (runbook 004 §Scenario 3); nothing to undo,"
                            + " the jobs drain as the workers run them").target()
                    .param(Param.required("jobs", Param.Type.INTEGER, "how many jobs, 1 .. " + MAX_JOBS),
                            Param.optional("size", Param.Type.INTEGER, DEFAULT_SIZE, "each job's size: rounds of SHA-256 (50000: about 50 ms of an idle core)"),
                            Param.optional("redis", Param.Type.TEXT, "redis", "the Redis service holding the queue"))
                    .build(a -> new JobFloodFault(a.target(), a.integer("jobs"), a.integer("size"), a.text("redis"))));
        }
    }

    @Override
    public String name() {
        return "jobFlood(" + service + ", " + jobs + " jobs of size " + size + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.requireService(redis, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        URI base = system.endpoint(service, PORT).httpUri();
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<String> refusal = new AtomicReference<>();
        events.acting();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, r -> {
            Thread t = new Thread(r, "firedrill-job-flood");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    while (next.getAndIncrement() < jobs) {
                        try {
                            ServiceJobs.enqueue(http, base, size, REQUEST_TIMEOUT);
                            accepted.incrementAndGet();
                        } catch (IOException e) {
                            refusal.compareAndSet(null, e.getMessage());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultNotEffectiveException(name() + ": interrupted after " + accepted.get() + " jobs accepted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new FaultNotEffectiveException(name() + ": a client failed: " + e.getCause(), e.getCause());
        } finally {
            clients.shutdownNow();
        }
        Injection nothingToUndo = () -> { };
        events.accept(nothingToUndo);
        long depth;
        try (Jedis jedis = Redis.connect(system, redis)) {
            depth = ServiceJobs.depth(jedis, ServiceJobs.QUEUE);
        }
        if (accepted.get() < jobs || depth < 1) {
            throw new FaultNotEffectiveException(name() + ": " + accepted.get() + " of " + jobs + " jobs accepted"
                    + (refusal.get() == null ? "" : " (first refusal: " + refusal.get() + ")") + ", queue '" + ServiceJobs.QUEUE
                    + "' depth " + depth + " right after: expected every job accepted and a backlog");
        }
        return nothingToUndo;
    }
}
