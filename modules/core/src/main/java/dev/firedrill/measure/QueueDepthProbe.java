package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.access.ServiceJobs;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.function.Function;

/**
 * The depth of a Celery queue (path {@code queue} unless named): {@code LLEN} of its Redis list every 500 ms, reached
 * through the fault proxy as the service and the workers reach Redis. An observation succeeds when fewer than
 * {@code below} messages wait, so the queue's backlog is a failure window and {@code ttr(queue)} is the time the queue
 * took to drain below the threshold after the recovery began. Each observation's detail is {@code depth N}.
 *
 * @param name    the path it records under
 * @param service the Redis service holding the queue
 * @param queue   the queue's list, {@code celery} by default
 * @param below   the threshold: a depth at or above it fails
 */
public record QueueDepthProbe(String name, String service, String queue, long below) implements Function<SystemUnderTest, Probe>, ProbePath {

    /** The path by default. */
    public static final String PATH = "queue";
    static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String DEPTH = "depth ";

    public QueueDepthProbe {
        if (below < 1) {
            throw new IllegalArgumentException("queue-depth(" + queue + "): below must be at least 1 (the depth from which the"
                    + " queue counts as backed up), got " + below);
        }
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue-depth: queue must name the queue's Redis list, e.g. celery");
        }
    }

    @Override
    public String path() {
        return name;
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        Endpoint endpoint = system.endpoint(service, 6379);
        return new Probe() {
            @Override
            public String path() {
                return name;
            }

            @Override
            public Running start(Timeline timeline) {
                Jedis[] connection = new Jedis[1];
                return ScheduledProbeRun.start(name, INTERVAL, TIMEOUT, timeline, n -> observe(endpoint, connection, timeline),
                        () -> discard(connection));
            }
        };
    }

    private Observation observe(Endpoint endpoint, Jedis[] connection, Timeline timeline) {
        TimePoint start = timeline.clock().now();
        boolean success = false;
        String detail;
        try {
            if (connection[0] == null) {
                connection[0] = new Jedis(endpoint.host(), endpoint.port(), (int) TIMEOUT.toMillis());
            }
            long depth = ServiceJobs.depth(connection[0], queue);
            success = depth < below;
            detail = DEPTH + depth;
        } catch (JedisException e) {
            detail = MeasurementException.describe(e);
            discard(connection);
        }
        Duration latency = timeline.clock().now().since(start);
        return new Observation(name, start, latency.isNegative() ? Duration.ZERO : latency, success, detail);
    }

    /** The depth an observation of this probe saw, or -1 when it saw none (Redis did not answer). */
    public static long depthOf(Observation o) {
        String detail = o.detail();
        if (detail == null || !detail.startsWith(DEPTH)) {
            return -1;
        }
        return Long.parseLong(detail.substring(DEPTH.length()));
    }

    private static void discard(Jedis[] connection) {
        if (connection[0] != null) {
            try {
                connection[0].close();
            } catch (RuntimeException ignored) {
                // discarding a broken connection
            }
            connection[0] = null;
        }
    }

    @Override
    public String toString() {
        return "queue-depth(" + service + " " + queue + " < " + below + ")";
    }
}
