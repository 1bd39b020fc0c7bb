package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * The data path of a Redis service (path {@code redis}): when the drill starts the probe sets a key of
 * its own, then every 100 ms reads it back ({@code GET}, 2 s timeout). An observation succeeds only when
 * the key holds its value, so a fresh, empty Redis is not "recovered": after a snapshot restore the probe
 * times how long until the data written before the snapshot is served again.
 *
 * <p>Example: {@code .probe(Probes.redisKey("redis")).objective(Slos.rto(RedisKeyProbe.PATH, ofSeconds(30)))}
 *
 * @param service the Redis service, reached through the fault proxy when one fronts it
 * @param port    its port
 */
public record RedisKeyProbe(String service, int port) implements Function<SystemUnderTest, Probe>, ProbePath {

    /** The path its observations are recorded under. */
    public static final String PATH = "redis";
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SEED_BOUND = Duration.ofSeconds(60);

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        Endpoint endpoint = system.endpoint(service, port);
        HostAndPort address = new HostAndPort(endpoint.host(), endpoint.port());
        JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis()).clientName("firedrill-probe").build();
        String key = "firedrill:probe:" + UUID.randomUUID().toString().substring(0, 8);
        String value = Long.toString(System.nanoTime());
        org.awaitility.Awaitility.await("seed the redis probe's key at " + service + ":" + port)
                .atMost(SEED_BOUND).pollInterval(Duration.ofMillis(250)).ignoreException(JedisException.class)
                .until(() -> {
                    try (Jedis jedis = new Jedis(address, config)) {
                        return "OK".equals(jedis.set(key, value));
                    }
                });
        return new KeyProbe(address, config, key, value);
    }

    @Override
    public String toString() {
        return PATH + "(" + service + ":" + port + ")";
    }

    private static final class KeyProbe implements Probe {
        private final HostAndPort address;
        private final JedisClientConfig config;
        private final String key;
        private final String value;

        KeyProbe(HostAndPort address, JedisClientConfig config, String key, String value) {
            this.address = address;
            this.config = config;
            this.key = key;
            this.value = value;
        }

        @Override
        public String path() {
            return PATH;
        }

        @Override
        public Probe.Running start(Timeline timeline) {
            Jedis[] connection = new Jedis[1];   // the probe thread's own
            return ScheduledProbeRun.start(PATH, INTERVAL, TIMEOUT, timeline, n -> observe(connection, timeline),
                    () -> discard(connection));
        }

        private Observation observe(Jedis[] connection, Timeline timeline) {
            TimePoint start = timeline.clock().now();
            boolean success = false;
            String detail;
            try {
                if (connection[0] == null) {
                    connection[0] = new Jedis(address, config);
                }
                String read = connection[0].get(key);
                success = value.equals(read);
                detail = success ? "GET " + key + ": its value" : read == null ? "GET " + key + ": missing (data lost or not restored)"
                        : "GET " + key + ": another value";
            } catch (JedisException e) {
                detail = MeasurementException.describe(e);
                discard(connection);
            }
            Duration latency = timeline.clock().now().since(start);
            return new Observation(PATH, start, latency.isNegative() ? Duration.ZERO : latency, success, detail);
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
    }
}
