package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an old Redis primary itself held of a key writer's keys when Sentinel demoted it, read from the node directly
 * (through its own mapped port) before its resync from the new primary replaced its data: the writes it accepted,
 * those it accepted while cut off from the Sentinels included, that the lost writes of the drill must equal.
 *
 * <p>Started before the node is demoted, it polls the node every 100 ms, each time reading its replication state and
 * the writer's keys in one transaction ({@code MULTI; INFO replication; KEYS <prefix>*; EXEC}), so the two agree. The
 * view that counts is the first one, after one as a primary, in which the node is a replica whose link to its new
 * primary is not up yet: a replica accepts no write, and its data is replaced only when its resync completes, at
 * which point the link comes up. Redis waits {@code repl-diskless-sync-delay} (5 s by default) before it sends a full resync, which leaves the
 * watch that long to see this view.
 *
 * <p>Example: {@code try (var watch = DemotionWatch.start(stack.endpoint("redis-1", 6379), writer.keyPrefix())) {
 * ...; ReadBack held = watch.awaitDemoted(Duration.ofSeconds(60)).ids(); }}
 */
public final class DemotionWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * One view of the node.
     *
     * @param at       when the transaction's answer arrived
     * @param role     {@code master} or {@code slave}, as the node says
     * @param linkUp   for a replica, whether its link to its primary is up (its resync done)
     * @param ids      the writer's ids the node held
     */
    public record View(Instant at, String role, boolean linkUp, ReadBack ids) {

        /** A replica that has not resynced yet: it holds what it accepted as a primary, and accepts nothing more. */
        public boolean demotedBeforeResync() {
            return "slave".equals(role) && !linkUp;
        }
    }

    private final Endpoint node;
    private final String prefix;
    private final JedisClientConfig config;
    private final AtomicReference<View> last = new AtomicReference<>();
    private final AtomicReference<View> demoted = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch seen = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    private DemotionWatch(Endpoint node, String prefix) {
        this.node = Objects.requireNonNull(node, "node must not be null");
        this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
        int millis = (int) TIMEOUT.toMillis();
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientName("firedrill-demotion-watch").build();
        this.thread = new Thread(this::poll, "firedrill-demotion-watch-" + node);
        this.thread.setDaemon(true);
    }

    /** Starts watching the node at {@code node} (the old primary's own endpoint) for the keys {@code <prefix><id>}. */
    public static DemotionWatch start(Endpoint node, String prefix) {
        DemotionWatch watch = new DemotionWatch(node, prefix);
        watch.thread.start();
        return watch;
    }

    /**
     * Waits, at most {@code bound}, for the view of the node demoted and not yet resynced, and stops watching.
     *
     * @throws MeasurementException when it was not seen within the bound, naming the last view and error
     */
    public View awaitDemoted(Duration bound) {
        try {
            if (!seen.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                View view = last.get();
                throw new MeasurementException("redis " + node, "see the old primary demoted and not yet resynced within " + bound,
                        "last view: " + (view == null ? "none" : view.role() + (view.linkUp() ? ", link up" : "") + " at " + view.at())
                                + Optional.ofNullable(lastError.get()).map(e -> "; last error: " + e).orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeasurementException("redis " + node, "watch the old primary's demotion", e);
        } finally {
            close();
        }
        return demoted.get();
    }

    /** The last view, whatever it was (for a report while waiting). */
    public Optional<View> last() {
        return Optional.ofNullable(last.get());
    }

    private void poll() {
        Jedis jedis = null;
        boolean sawPrimary = false;   // a demotion is of a node first seen as a primary
        while (!closed && seen.getCount() > 0) {
            try {
                if (jedis == null) {
                    jedis = new Jedis(new HostAndPort(node.host(), node.port()), config);
                }
                View view = view(jedis);
                last.set(view);
                sawPrimary |= "master".equals(view.role());
                if (sawPrimary && view.demotedBeforeResync() && demoted.compareAndSet(null, view)) {
                    seen.countDown();
                }
            } catch (JedisException e) {   // the demotion closes client connections, a loading replica refuses: ask again
                lastError.set(MeasurementException.describe(e));
                close(jedis);
                jedis = null;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        close(jedis);
    }

    private View view(Jedis jedis) {
        Transaction t = jedis.multi();
        Response<Object> replication = t.sendCommand(Protocol.Command.INFO, "replication");
        Response<Set<String>> keys = t.keys(prefix + "*");
        t.exec();
        String info = SafeEncoder.encode((byte[]) replication.get());
        ReadBack.Builder ids = ReadBack.builder();
        for (String key : keys.get()) {
            ids.add(HttpCalls.parseOrMinusOne(key.substring(prefix.length())));
        }
        return new View(Instant.now(), field(info, "role"), "up".equals(field(info, "master_link_status")), ids.build());
    }

    /** A field of an INFO section ({@code name:value} lines), or "" when absent. */
    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }

    private static void close(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // discarding a broken connection
            }
        }
    }

    /** Stops watching (idempotent). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
