package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;

/**
 * The ids of a key writer's keys ({@code <prefix><id>}) present on one Redis node, read with SCAN: the read-back of
 * the Redis writers, and a check of what one node itself holds (the old primary of a Sentinel drill, read directly
 * before it is resynced).
 *
 * <p>Example: {@code ReadBack onOldPrimary = RedisKeys.on(system.endpoint("redis-1", 6379), writer.keyPrefix());}
 */
public final class RedisKeys {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private RedisKeys() {
    }

    /** The ids present on the node at {@code node} (2 s timeouts). */
    public static ReadBack on(Endpoint node, String prefix) {
        int millis = (int) TIMEOUT.toMillis();
        return scan(new HostAndPort(node.host(), node.port()), DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis).clientName("firedrill-read-back").build(), prefix);
    }

    /** Every id once (Redis keys cannot be duplicated); a key whose suffix is not a number counts as id -1 (unexpected). */
    static ReadBack scan(HostAndPort node, JedisClientConfig config, String prefix) {
        ReadBack.Builder b = ReadBack.builder();
        try (Jedis j = new Jedis(node, config)) {
            ScanParams params = new ScanParams().match(prefix + "*").count(1_000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, params);
                for (String key : page.getResult()) {
                    b.add(HttpCalls.parseOrMinusOne(key.substring(prefix.length())));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (JedisException e) {
            throw new MeasurementException("redis " + node, "read back keys " + prefix + "*", e);
        }
        return b.build();
    }
}
