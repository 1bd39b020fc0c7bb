package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One connection to the primary of a Sentinel-monitored Redis that follows failovers, for the writer and the probe
 * of such a system: before every {@code SET} it asks the Sentinels where the primary is ({@link SentinelPrimary}),
 * as a client told of a {@code +switch-master} at once would, and connects anew when the answer changed. Used by one
 * thread.
 *
 * <p>How a write ends: {@code OK} is acknowledged; no primary known, no connection, or an error reply (a demoted
 * node's {@code READONLY}) is a definite failure; a connection lost or timed out mid-command is indeterminate.
 */
final class SentinelPrimaryConnection implements AutoCloseable {

    /** How one {@code SET} ended, and on which node (empty when no primary was known). */
    record Reply(Outcome outcome, String primary, String detail) {
    }

    private final SentinelPrimary primary;
    private final JedisClientConfig config;
    private Jedis jedis;
    private Endpoint connectedTo;
    private String connectedService;

    SentinelPrimaryConnection(SentinelPrimary primary, JedisClientConfig config) {
        this.primary = primary;
        this.config = config;
    }

    /** {@code SET key value} on the node the Sentinels name as primary now; never throws. */
    Reply set(String key, String value) {
        SentinelPrimary.Located at;
        try {
            at = primary.locate();
        } catch (RuntimeException e) {
            close();
            return new Reply(Outcome.FAILED, "", e.getMessage());
        }
        if (jedis == null || !at.endpoint().equals(connectedTo)) {
            close();
            try {
                jedis = new Jedis(new HostAndPort(at.endpoint().host(), at.endpoint().port()), config);
                jedis.connect();
                connectedTo = at.endpoint();
                connectedService = at.service();
            } catch (JedisException e) {
                close();
                return new Reply(Outcome.FAILED, at.service(), "not connected to " + at.service() + ": " + MeasurementException.describe(e));
            }
        }
        try {
            String reply = jedis.set(key, value);
            return "OK".equals(reply) ? new Reply(Outcome.ACKNOWLEDGED, connectedService, "SET on " + connectedService + ": OK")
                    : new Reply(Outcome.FAILED, connectedService, "SET on " + connectedService + ": reply " + reply);
        } catch (JedisConnectionException e) {
            String service = connectedService;
            close();
            return new Reply(Outcome.INDETERMINATE, service, "connection to " + service + " lost: " + MeasurementException.describe(e));
        } catch (JedisException e) {
            String service = connectedService;
            close();   // e.g. READONLY from a demoted primary: ask again next time
            return new Reply(Outcome.FAILED, service, "SET on " + service + ": " + MeasurementException.describe(e));
        }
    }

    /** Drops the connection (a broken one, or at the end). */
    @Override
    public void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // discarding a broken connection
            }
        }
        jedis = null;
        connectedTo = null;
        connectedService = null;
    }
}
