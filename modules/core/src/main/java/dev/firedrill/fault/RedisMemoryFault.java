package dev.firedrill.fault;

import dev.firedrill.access.Redis;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redis reaches {@code maxmemory} with the {@code noeviction} policy: the limit is set 2 MiB above the
 * memory in use, ballast keys fill it, then the limit goes 512 KiB under the memory in use, so writes answer
 * {@code OOM} and stay refused until keys are deleted or evicted. Takes effect when a SET answers
 * OOM. Undo deletes the ballast and restores the previous limit and policy.
 *
 * <p>Example: {@code Faults.redisMemoryFull("redis")}
 */
record RedisMemoryFault(String service) implements Fault {

    static final String BALLAST_PREFIX = "firedrill:ballast:";
    private static final long HEADROOM = 2L << 20;
    private static final long UNDERSHOOT = 512L << 10;
    private static final int VALUE_BYTES = 64 * 1024;

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    RedisMemoryFault {
        Faults.requireService(service, "redisMemoryFull");
    }

    @Override
    public String name() {
        return "redisMemoryFull(" + service + ", noeviction)";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireProtocol(service, "redis", name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        SystemUnderTest stack = system;
        validate(system);
        Jedis redis = Redis.connect(stack, service);
        String maxmemory;
        String policy;
        try {
            maxmemory = configValue(redis.configGet("maxmemory"));
            policy = configValue(redis.configGet("maxmemory-policy"));
        } catch (JedisException e) {
            redis.close();
            throw FaultException.of(name(), service, "read maxmemory", e);
        }
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                try (Jedis r = Redis.connect(stack, service)) {
                    Redis.deleteBallast(r, BALLAST_PREFIX);
                    r.configSet("maxmemory-policy", policy);
                    r.configSet("maxmemory", maxmemory);
                } catch (JedisException e) {
                    throw FaultException.of(name(), service, "restore maxmemory " + maxmemory + " and policy " + policy, e);
                } finally {
                    redis.close();
                }
            }
        };
        try {
            redis.configSet("maxmemory-policy", "noeviction");
            long used = Redis.usedMemory(redis);
            redis.configSet("maxmemory", String.valueOf(used + HEADROOM));
            // Big values first, then small ones. A request's own buffer counts as used memory until Redis' cron shrinks
            // it, so the refusal must hold on consecutive probes a little apart: top up whenever a probe still gets in.
            AtomicInteger n = new AtomicInteger();
            fill(redis, n, VALUE_BYTES);
            // Then the limit goes just under the memory in use: freed client buffers (a few KiB) cannot bring Redis back
            // under it, while an eviction policy (the fix) finds megabytes of ballast to evict.
            long full = Redis.usedMemory(redis);
            redis.configSet("maxmemory", String.valueOf(Math.max(1, full - UNDERSHOOT)));
            AtomicInteger refusedInARow = new AtomicInteger();
            try {
                await(name() + ": writes answer OOM").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(300)).pollInSameThread()
                        .until(() -> {
                            try {
                                // a new key each time (under the ballast prefix, so undo deletes it): an overwrite adds nothing
                                redis.set(BALLAST_PREFIX + "probe-" + n.getAndIncrement(), "x");
                                refusedInARow.set(0);
                                fill(redis, n, 1024);
                                fill(redis, n, 64);
                                fill(redis, n, 1);
                            } catch (JedisDataException e) {
                                if (!String.valueOf(e.getMessage()).startsWith("OOM")) {
                                    throw e;
                                }
                                refusedInARow.incrementAndGet();
                            }
                            return refusedInARow.get() >= 3;
                        });
            } catch (ConditionTimeoutException e) {
                throw new FaultNotEffectiveException(name() + ": SETs still succeed " + EFFECT_BOUND + " after setting maxmemory "
                        + (used + HEADROOM) + " with noeviction and " + n.get() + " ballast keys");
            }
            return undo;
        } catch (JedisException e) {
            undo.close();
            throw FaultException.of(name(), service, "fill memory up to maxmemory", e);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    /** SETs of {@code size}-byte values until one answers OOM (or a bound of keys is reached). */
    private static void fill(Jedis redis, AtomicInteger n, int size) {
        byte[] value = new byte[size];
        for (int i = 0; i < 100_000; i++) {
            try {
                redis.set((BALLAST_PREFIX + n.getAndIncrement()).getBytes(), value);
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).startsWith("OOM")) {
                    return;
                }
                throw e;
            }
        }
    }

    private static String configValue(Map<String, String> config) {
        return config.values().stream().findFirst().orElseThrow();
    }
}
