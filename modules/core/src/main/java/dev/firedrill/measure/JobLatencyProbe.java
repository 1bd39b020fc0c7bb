package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.access.ServiceJobs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The job path of the reference service (path {@code job} unless named): every {@code every} a solve job is enqueued
 * ({@code POST /jobs}) and its result polled ({@code GET /jobs/{id}}) until the results store has it; the observation
 * starts at the enqueue and its latency is enqueue to result available, so a queue backlog shows as job latency.
 * Jobs are not waited for one by one: several may be pending, and as the queue is first in, first out the oldest is
 * polled (every 100 ms) until done, then the next. A job without a result within {@code timeout} fails, as does a
 * refused enqueue. Jobs still pending and within their timeout when the drill ends are not judged (a note says how many).
 *
 * @param name    the path it records under
 * @param service the service enqueueing the jobs (the reference service, HTTP)
 * @param port    its port
 * @param size    each job's size (rounds of SHA-256)
 * @param every   how often a job is enqueued
 * @param timeout how long a job may take to have a result before it counts as failed
 */
public record JobLatencyProbe(String name, String service, int port, int size, Duration every, Duration timeout)
        implements Function<SystemUnderTest, Probe>, ProbePath {

    /** The path by default. */
    public static final String PATH = "job";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    public JobLatencyProbe {
        if (size < 1) {
            throw new IllegalArgumentException("job-latency: size must be at least 1 (rounds of SHA-256 per job), got " + size);
        }
        if (every == null || every.compareTo(POLL) < 0) {
            throw new IllegalArgumentException("job-latency: every must be at least " + POLL.toMillis() + " ms, got " + every);
        }
        if (timeout == null || timeout.compareTo(every) < 0) {
            throw new IllegalArgumentException("job-latency: timeout must be at least every (" + every + "), got " + timeout);
        }
    }

    @Override
    public String path() {
        return name;
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        URI base = system.endpoint(service, port).httpUri();
        return new Probe() {
            @Override
            public String path() {
                return name;
            }

            @Override
            public Running start(Timeline timeline) {
                return new Jobs(base, timeline);
            }
        };
    }

    private record Pending(String id, TimePoint enqueued) {
    }

    /** The schedule: one daemon thread enqueues every {@code every} and polls the oldest pending job every 100 ms. */
    private final class Jobs implements Probe.Running {
        private final URI base;
        private final Timeline timeline;
        private final HttpClient http = HttpCalls.client(REQUEST_TIMEOUT);
        private final Deque<Pending> pending = new ArrayDeque<>();
        private final AtomicLong observations = new AtomicLong();
        private final ScheduledExecutorService executor;
        private long nextEnqueue;
        private boolean closed;

        Jobs(URI base, Timeline timeline) {
            this.base = base;
            this.timeline = timeline;
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "firedrill-probe-" + name);
                t.setDaemon(true);
                return t;
            });
            nextEnqueue = System.nanoTime();
            executor.scheduleAtFixedRate(this::tick, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void tick() {
            try {
                if (System.nanoTime() - nextEnqueue >= 0) {
                    nextEnqueue += every.toNanos();
                    enqueue();
                }
                pollOldest();
            } catch (RuntimeException e) {
                timeline.note("probe-error", name + ": " + MeasurementException.describe(e));
            }
        }

        private void enqueue() {
            TimePoint start = timeline.clock().now();
            try {
                pending.addLast(new Pending(ServiceJobs.enqueue(http, base, size, REQUEST_TIMEOUT), start));
            } catch (IOException e) {
                record(start, false, "not enqueued: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void pollOldest() {
            while (!pending.isEmpty()) {
                Pending oldest = pending.peekFirst();
                ServiceJobs.Job job;
                try {
                    job = ServiceJobs.result(http, base, oldest.id(), REQUEST_TIMEOUT);
                } catch (IOException e) {
                    job = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (job != null && job.done()) {
                    pending.removeFirst();
                    record(oldest.enqueued(), true, "job " + oldest.id() + " done (" + job.executions() + " execution"
                            + (job.executions() == 1 ? ")" : "s)"));
                } else if (timeline.clock().now().since(oldest.enqueued()).compareTo(timeout) > 0) {
                    pending.removeFirst();
                    record(oldest.enqueued(), false, "job " + oldest.id() + ": no result within " + timeout.toMillis() + " ms");
                } else {
                    return;   // the oldest is not done: the younger ones are not either, as a rule
                }
            }
        }

        private void record(TimePoint start, boolean success, String detail) {
            Duration latency = timeline.clock().now().since(start);
            timeline.record(new Observation(name, start, latency.isNegative() ? Duration.ZERO : latency, success, detail));
            observations.incrementAndGet();
        }

        @Override
        public String path() {
            return name;
        }

        @Override
        public long observations() {
            return observations.get();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            ScheduledProbeRun.stopWithin(executor, REQUEST_TIMEOUT.multipliedBy(2).plusSeconds(2));
            if (!pending.isEmpty()) {
                timeline.note("job-latency", name + ": " + pending.size() + " job(s) still pending within their "
                        + timeout.toMillis() + " ms when the drill ended, not judged");
            }
        }
    }

    @Override
    public String toString() {
        return "job-latency(" + service + ":" + port + " every " + every.toMillis() + " ms)";
    }
}
