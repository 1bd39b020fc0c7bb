package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import redis.clients.jedis.DefaultJedisClientConfig;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The write path of a Sentinel-monitored Redis (path {@code write} unless named otherwise): every 100 ms a key is set
 * on the node the Sentinels name as primary at that moment (2 s timeout; {@link SentinelPrimary.Asking#BEFORE_EVERY_WRITE}). An observation succeeds when the primary
 * answers {@code OK}; while the primary is dead and not yet replaced, or a demoted node answers {@code READONLY}, it
 * fails. So the path's RTO after a primary is lost is how long the system took to fail over, as a client following
 * the Sentinels saw it. Each observation names the node that answered.
 *
 * <p>Example: {@code .probe(Probes.redisSentinelWrite(List.of("sentinel-1", "sentinel-2", "sentinel-3"), "mymaster"))}
 *
 * @param path      the path its observations are recorded under
 * @param sentinels the Sentinel services, asked in turn (port 26379)
 * @param master    the master name they monitor
 */
public record SentinelWriteProbe(String path, List<String> sentinels, String master) implements Function<SystemUnderTest, Probe>, ProbePath {

    /** The default path. */
    public static final String PATH = "write";
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Validates and copies. */
    public SentinelWriteProbe {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the probe's path must not be blank");
        }
        SentinelPrimary.requireNamed(sentinels, master);
        sentinels = List.copyOf(sentinels);
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        SentinelPrimary primary = new SentinelPrimary(system, sentinels, master);
        primary.locate();   // a misconfiguration (no Sentinel answers, an address that is no service) breaks the drill here
        return new Probe() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public Probe.Running start(Timeline timeline) {
                int millis = (int) TIMEOUT.toMillis();
                SentinelPrimaryConnection connection = new SentinelPrimaryConnection(primary, SentinelPrimary.Asking.BEFORE_EVERY_WRITE, DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).clientName("firedrill-probe").build());
                String key = "firedrill:probe:" + UUID.randomUUID().toString().substring(0, 8);
                return ScheduledProbeRun.start(path, INTERVAL, TIMEOUT, timeline, n -> observe(connection, key, n, timeline),
                        connection::close);
            }
        };
    }

    private Observation observe(SentinelPrimaryConnection connection, String key, long n, Timeline timeline) {
        TimePoint start = timeline.clock().now();
        SentinelPrimaryConnection.Reply reply = connection.set(key, Long.toString(n));
        Duration latency = timeline.clock().now().since(start);
        return new Observation(path, start, latency.isNegative() ? Duration.ZERO : latency,
                reply.outcome() == Outcome.ACKNOWLEDGED, reply.detail());
    }

    @Override
    public String toString() {
        return path + "(primary of " + master + " by " + sentinels + ")";
    }
}
