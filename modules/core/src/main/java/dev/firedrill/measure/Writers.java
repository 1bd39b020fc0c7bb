package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import java.net.URI;

/**
 * Entry class of the steady writers. Example: {@code SteadyWriter w = Writers.service(baseUri, clock);}
 */
public final class Writers {

    private Writers() {
    }

    /** Writes through the service's API ({@code POST /entries}); read-back through the service from the database. */
    public static ServiceWriter service(URI baseUri, HarnessClock clock) {
        return new ServiceWriter(baseUri, clock);
    }

    /** Writes canary rows into {@code firedrill_canary} with JDBC. */
    public static JdbcCanaryWriter jdbcCanary(String jdbcUrl, String user, String password, HarnessClock clock) {
        return new JdbcCanaryWriter(jdbcUrl, user, password, clock);
    }

    /** Writes keys into Redis. */
    public static RedisKeyWriter redisKeys(String host, int port, HarnessClock clock) {
        return new RedisKeyWriter(host, port, clock);
    }

    /** Writes keys into the primary of a Sentinel-monitored Redis, following failovers, asking the Sentinels as {@code asking} says. */
    public static RedisSentinelWriter redisSentinelKeys(SentinelPrimary primary, SentinelPrimary.Asking asking, HarnessClock clock) {
        return new RedisSentinelWriter(primary, asking, clock, WriterSettings.defaults());
    }
}
