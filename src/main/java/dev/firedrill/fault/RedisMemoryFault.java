package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redis reaches {@code maxmemory} with the {@code noeviction} policy: the limit is set just above the
 * memory in use and ballast keys fill it, so writes answer {@code OOM}. Takes effect when a SET answers
 * OOM. Undo deletes the ballast and restores the previous limit and policy.
 *
 * <p>Example: {@code Faults.redisMemoryFull("redis")}
 */
record RedisMemoryFault(String service) implements Fault {

    static final String BALLAST_PREFIX = "firedrill:ballast:";
    private static final long HEADROOM = 2L << 20;
    private static final int VALUE_BYTES = 64 * 1024;

    RedisMemoryFault {
        Faults.requireService(service, "redisMemoryFull");
    }

    @Override
    public String name() {
        return "redisMemoryFull(" + service + ", noeviction)";
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        Stack stack = Targets.redis(system, name(), service);
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
            byte[] value = new byte[VALUE_BYTES];
            String refusal = null;
            for (int i = 0; i < 10_000 && refusal == null; i++) {
                try {
                    redis.set((BALLAST_PREFIX + i).getBytes(), value);
                } catch (JedisDataException e) {
                    if (String.valueOf(e.getMessage()).startsWith("OOM")) {
                        refusal = e.getMessage();
                    } else {
                        throw e;
                    }
                }
            }
            try {
                redis.set("firedrill:probe", "x");
                throw new FaultNotEffectiveException(name() + ": a SET still succeeded with maxmemory " + (used + HEADROOM) + " and noeviction");
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("OOM")) {
                    throw FaultException.of(name(), service, "check that writes answer OOM", e);
                }
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

    private static String configValue(Map<String, String> config) {
        return config.values().stream().findFirst().orElseThrow();
    }
}
