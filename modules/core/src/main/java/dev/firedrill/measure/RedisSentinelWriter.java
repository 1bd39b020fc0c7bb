package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

import java.util.Objects;
import java.util.UUID;

/**
 * Writes keys ({@code SET <prefix><id>}) into the primary of a Sentinel-monitored Redis, whichever node that is: it
 * asks the Sentinels before every write and follows a failover ({@link SentinelPrimaryConnection} says how each write
 * is judged). Read back, with SCAN, from the node the Sentinels name as primary at the end, so a write the old primary
 * acknowledged but never passed on to its replicas counts as lost.
 *
 * <p>Example: {@code try (var w = new RedisSentinelWriter(new SentinelPrimary(stack, sentinels, "mymaster"), clock)) { w.start(); ... }}
 */
public final class RedisSentinelWriter extends ScheduledWriter {

    private final SentinelPrimary primary;
    private final JedisClientConfig config;
    private final String prefix;
    private final SentinelPrimaryConnection connection;   // the writer thread's

    /** A writer with the default settings (every 100 ms, 2 s timeout). */
    public RedisSentinelWriter(SentinelPrimary primary, HarnessClock clock) {
        this(primary, clock, WriterSettings.defaults());
    }

    /** A writer with the given settings. */
    public RedisSentinelWriter(SentinelPrimary primary, HarnessClock clock, WriterSettings settings) {
        super(clock, 1, settings, "redis-sentinel-writer");
        this.primary = Objects.requireNonNull(primary, "primary must not be null");
        int millis = (int) settings.requestTimeout().toMillis();
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientName("firedrill-writer").build();
        this.prefix = "firedrill:canary:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        this.connection = new SentinelPrimaryConnection(primary, config);
    }

    @Override
    public String name() {
        return "redis " + primary;
    }

    /** The prefix of every key this writer sets (to read one node's own keys: {@link RedisKeys#on}). */
    public String keyPrefix() {
        return prefix;
    }

    /** Where it writes: the Sentinels and the master name. */
    public SentinelPrimary primary() {
        return primary;
    }

    /** The Sentinels must name a primary the harness reaches before the first write (a misconfiguration breaks the drill). */
    @Override
    void prepare() {
        primary.locate();
    }

    @Override
    Result write(long id) {
        SentinelPrimaryConnection.Reply reply = connection.set(prefix + id, Long.toString(id));
        return switch (reply.outcome()) {
            case ACKNOWLEDGED -> Result.ACK;
            case FAILED -> Result.failed(reply.detail());
            default -> Result.indeterminate(reply.detail());
        };
    }

    /** The writer's keys on the node the Sentinels name as primary now. */
    @Override
    public ReadBack readBack() {
        SentinelPrimary.Located now = primary.locate();
        return RedisKeys.scan(new HostAndPort(now.endpoint().host(), now.endpoint().port()), config, prefix);
    }

    @Override
    void release() {
        connection.close();
    }
}
