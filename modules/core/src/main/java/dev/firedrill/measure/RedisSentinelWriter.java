package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

import java.util.Objects;
import java.util.UUID;

/**
 * Writes keys ({@code SET <prefix><id>}) into the primary of a Sentinel-monitored Redis, whichever node that is: it
 * asks the Sentinels where the primary is and follows a failover, by default as a client that keeps its connection
 * until a write fails ({@link SentinelPrimary.Asking#AFTER_A_FAILURE}; {@link SentinelPrimaryConnection} says how each
 * write is judged). Read back, with SCAN, from the node the Sentinels name as primary at the end, so a write an old
 * primary acknowledged but that the new one never had counts as lost: one the old primary had not yet passed on when
 * it died, or one it accepted while cut off from the Sentinels, after they had promoted another node.
 *
 * <p>Example: {@code try (var w = new RedisSentinelWriter(new SentinelPrimary(stack, sentinels, "mymaster"), clock)) { w.start(); ... }}
 */
public final class RedisSentinelWriter extends ScheduledWriter {

    private final SentinelPrimary primary;
    private final JedisClientConfig config;
    private final String prefix;
    private final SentinelPrimaryConnection connection;   // the writer thread's

    /** A writer with the default settings (every 100 ms, 2 s timeout), asking the Sentinels after a failure. */
    public RedisSentinelWriter(SentinelPrimary primary, HarnessClock clock) {
        this(primary, SentinelPrimary.Asking.AFTER_A_FAILURE, clock, WriterSettings.defaults());
    }

    /** A writer asking the Sentinels as {@code asking} says, with the given settings. */
    public RedisSentinelWriter(SentinelPrimary primary, SentinelPrimary.Asking asking, HarnessClock clock, WriterSettings settings) {
        super(clock, 1, settings, "redis-sentinel-writer");
        this.primary = Objects.requireNonNull(primary, "primary must not be null");
        int millis = (int) settings.requestTimeout().toMillis();
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientName("firedrill-writer").build();
        this.prefix = "firedrill:canary:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        this.connection = new SentinelPrimaryConnection(primary, Objects.requireNonNull(asking, "asking must not be null"), config);
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
