package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.SetParams;

/**
 * Entries cached in Redis under {@code ledger:entry:<id>}, for ever or, with a TTL ({@code LEDGER_CACHE_TTL_MS}),
 * until the TTL after they were cached (by a write, or by a read that missed; a hit does not extend it). A failing
 * cache never fails a request:
 * reads miss and writes are skipped, and after a failure the cache is left alone for a short pause so
 * that an unreachable Redis does not add its timeout to every request.
 */
final class EntryCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.cache");
    static final String KEY_PREFIX = "ledger:entry:";
    /** Longest a Redis call may take; the cache is an optimisation, it must stay fast or be skipped. */
    static final Duration MAX_TIMEOUT = Duration.ofMillis(500);
    /** How long requests leave the cache alone after it failed. */
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(1000);

    private final JedisPool redis;
    private final ObjectMapper json;
    private final LedgerMetrics metrics;
    private final RecentFailure writeFailures = new RecentFailure(Duration.ofSeconds(30), System::nanoTime);
    private final LongSupplier nanoTime;
    private final AtomicLong pausedUntil;
    /** null: entries never expire. */
    private final Duration ttl;
    private volatile String lastLoggedReason;

    private EntryCache(JedisPool redis, Duration ttl, ObjectMapper json, LedgerMetrics metrics) {
        this.redis = redis;
        this.ttl = ttl;
        this.json = json;
        this.metrics = metrics;
        this.nanoTime = System::nanoTime;
        this.pausedUntil = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * A cache at {@code redis://host:port[/db]}, or a disabled one when the URL is null; entries expire {@code ttl}
     * after they were cached, never when it is null.
     */
    static EntryCache connect(String redisUrl, Duration ttl, Duration dbTimeout, ObjectMapper json, LedgerMetrics metrics) {
        if (redisUrl == null) {
            return new EntryCache(null, ttl, json, metrics);
        }
        int timeoutMs = (int) Math.min(dbTimeout.toMillis(), MAX_TIMEOUT.toMillis());
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(32);
        config.setMaxIdle(32);
        config.setMinIdle(0);
        config.setMaxWait(Duration.ofMillis(timeoutMs));
        config.setJmxEnabled(false);
        config.setTestOnBorrow(false);
        return new EntryCache(new JedisPool(config, URI.create(redisUrl), timeoutMs, timeoutMs), ttl, json, metrics);
    }

    boolean enabled() {
        return redis != null;
    }

    /** The cached entry, or empty on a miss, when disabled, or when Redis fails. */
    Optional<Entry> get(String id) {
        if (redis == null) {
            return Optional.empty();
        }
        if (paused()) {
            metrics.cacheError();
            metrics.cacheMiss();
            return Optional.empty();
        }
        try (Jedis jedis = redis.getResource()) {
            String value = jedis.get(KEY_PREFIX + id);
            answered();
            if (value == null) {
                metrics.cacheMiss();
                return Optional.empty();
            }
            metrics.cacheHit();
            return Optional.of(decode(value));
        } catch (RuntimeException e) {
            failed("read", e);
            metrics.cacheMiss();
            return Optional.empty();
        }
    }

    /** Stores the entry; failures are counted and remembered for readiness, never thrown. */
    void put(Entry entry) {
        if (redis == null) {
            return;
        }
        if (paused()) {
            metrics.cacheError();
            return;
        }
        try (Jedis jedis = redis.getResource()) {
            String value = json.writeValueAsString(entry.toCachedJson());
            if (ttl == null) {
                jedis.set(KEY_PREFIX + entry.id(), value);
            } else {
                jedis.set(KEY_PREFIX + entry.id(), value, SetParams.setParams().px(ttl.toMillis()));
            }
            writeFailures.succeeded();
            answered();
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            String reason = OutageReason.of(e);
            if (reason.equals(OutageReason.OUT_OF_MEMORY) || reason.equals(OutageReason.READ_ONLY)) {
                writeFailures.failed(reason);
            }
            failed("write", e);
        }
    }

    /** Readiness: Redis answers PING within its timeout (no pause applies) and the last cache write did not fail. */
    DependencyStatus check() {
        if (redis == null) {
            return DependencyStatus.down("disabled");
        }
        String reason = ping();
        if (OutageReason.CONNECTION_LOST.equals(reason)) {
            // A pooled connection died with the old server; what matters is whether a new one gets through.
            reason = ping();
        }
        if (reason != null) {
            return DependencyStatus.down(reason);
        }
        return writeFailures.reason().map(DependencyStatus::down).orElse(DependencyStatus.OK);
    }

    /** Null when Redis answered PING, otherwise the reason it did not. */
    private String ping() {
        try (Jedis jedis = redis.getResource()) {
            jedis.ping();
            return null;
        } catch (RuntimeException e) {
            return OutageReason.of(e);
        }
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    private boolean paused() {
        return nanoTime.getAsLong() - pausedUntil.get() < 0;
    }

    private void answered() {
        if (lastLoggedReason != null) {
            lastLoggedReason = null;
            LOG.log(System.Logger.Level.INFO, "cache answers again");
        }
    }

    private void failed(String operation, Exception e) {
        metrics.cacheError();
        pausedUntil.set(nanoTime.getAsLong() + PAUSE_AFTER_FAILURE.toNanos());
        String reason = OutageReason.of(e);
        if (!reason.equals(lastLoggedReason)) {
            lastLoggedReason = reason;
            LOG.log(System.Logger.Level.WARNING, "cache " + operation + " failed (" + reason
                    + "); answering from the database, retrying the cache in " + PAUSE_AFTER_FAILURE.toMillis() + " ms");
        }
    }

    private Entry decode(String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode created = node.get("created_at");
            JsonNode currency = node.get("currency");
            return new Entry(node.get("id").asText(), node.get("seq").asLong(), node.get("account").asText(null),
                    node.get("amount").asLong(), currency == null || currency.isNull() ? null : currency.asText(),
                    created == null || created.isNull() ? null : Instant.parse(created.asText()));
        } catch (Exception e) {
            throw new IllegalStateException("cached entry is not valid JSON: " + value, e);
        }
    }
}
