package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import java.util.Objects;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes keys into Redis ({@code SET <prefix><id>}): the cache's own durability (snapshot restore,
 * D12). OK is acknowledged; no connection or an error reply (e.g. OOM under {@code noeviction}) is a
 * definite failure; a connection lost or timed out mid-command is indeterminate. Read-back by SCAN.
 *
 * <p>Example: {@code try (var keys = new RedisKeyWriter("127.0.0.1", 6379, clock)) { keys.start(); ... }}
 */
public final class RedisKeyWriter extends ScheduledWriter {

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String prefix;
    private Jedis jedis; // used by the writer thread only

    /** A key writer with the default settings (every 100 ms, 2 s timeout). */
    public RedisKeyWriter(String host, int port, HarnessClock clock) {
        this(host, port, clock, WriterSettings.defaults());
    }

    /** A key writer with the given settings. */
    public RedisKeyWriter(String host, int port, HarnessClock clock, WriterSettings settings) {
        super(clock, 1, settings, "redis-writer");
        this.address = new HostAndPort(Objects.requireNonNull(host, "host must not be null"), port);
        int millis = (int) settings.requestTimeout().toMillis();
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientName("firedrill-writer").build();
        this.prefix = "firedrill:canary:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @Override
    public String name() {
        return "redis " + address;
    }

    /** The prefix of every key this writer sets. */
    public String keyPrefix() {
        return prefix;
    }

    @Override
    Result write(long id) {
        if (jedis == null) {
            try {
                jedis = new Jedis(address, config);
                jedis.connect();
            } catch (JedisException e) {
                closeJedis();
                return Result.failed("not connected: " + MeasurementException.describe(e));
            }
        }
        try {
            String reply = jedis.set(prefix + id, Long.toString(id));
            return "OK".equals(reply) ? Result.ACK : Result.failed("reply " + reply);
        } catch (JedisConnectionException e) {
            closeJedis();
            return Result.indeterminate("connection lost: " + MeasurementException.describe(e));
        } catch (JedisException e) {
            return Result.failed(MeasurementException.describe(e));
        }
    }

    private void closeJedis() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // discarding a broken connection
            }
            jedis = null;
        }
    }

    /** Reads back this writer's keys with SCAN (every id once; Redis keys cannot be duplicated). */
    @Override
    public ReadBack readBack() {
        return RedisKeys.scan(address, config, prefix);
    }

    @Override
    void release() {
        closeJedis();
    }
}
