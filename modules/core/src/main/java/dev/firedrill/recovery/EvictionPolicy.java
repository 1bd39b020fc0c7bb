package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Redis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.List;

/** The runbook's Redis memory fix: {@code CONFIG SET maxmemory-policy <policy>} (e.g. allkeys-lru). */
record EvictionPolicy(String service, String policy) implements Recovery {

    static final List<String> POLICIES = List.of("noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
            "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl");

    EvictionPolicy {
        Recoveries.requireService(service, "setEvictionPolicy");
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("setEvictionPolicy(" + service + "): unknown policy '" + policy + "'; valid: " + POLICIES);
        }
    }

    @Override
    public String name() {
        return "setEvictionPolicy(" + service + ", " + policy + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireProtocol(service, "redis", name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        try (Jedis redis = Redis.connect(system, service)) {
            String before = redis.configGet("maxmemory-policy").values().stream().findFirst().orElse("?");
            redis.configSet("maxmemory-policy", policy);
            return "maxmemory-policy " + before + " -> " + policy;
        } catch (JedisException e) {
            throw new IllegalStateException(name() + ": could not set the policy on service '" + service + "': " + e.getMessage(), e);
        }
    }
}
