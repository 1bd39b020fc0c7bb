package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One connection to the primary of a Sentinel-monitored Redis that follows failovers, for the writer and the probe
 * of such a system: it asks the Sentinels where the primary is ({@link SentinelPrimary}) before every {@code SET} or
 * only after a failure ({@link SentinelPrimary.Asking}), and connects anew when the answer changed. Used by one thread.
 *
 * <p>How a write ends: {@code OK} is acknowledged; no primary known, no connection, or an error reply (a demoted
 * node's {@code READONLY}) is a definite failure; a connection lost or timed out mid-command is indeterminate.
 */
final class SentinelPrimaryConnection implements AutoCloseable {

    /** How one {@code SET} ended, and on which node (empty when no primary was known). */
    record Reply(Outcome outcome, String primary, String detail) {
    }

    private final SentinelPrimary primary;
    private final SentinelPrimary.Asking asking;
    private final JedisClientConfig config;
    private Jedis jedis;
    private Endpoint connectedTo;
    private String connectedService;

    SentinelPrimaryConnection(SentinelPrimary primary, SentinelPrimary.Asking asking, JedisClientConfig config) {
        this.primary = primary;
        this.asking = asking;
        this.config = config;
    }

    /** {@code SET key value} on the primary (asked of the Sentinels when {@link #asking} says so); never throws. */
    Reply set(String key, String value) {
        if (jedis == null || asking == SentinelPrimary.Asking.BEFORE_EVERY_WRITE) {
            Reply notConnected = connectToPrimary();
            if (notConnected != null) {
                return notConnected;
            }
        }
        String service = connectedService;
        try {
            String reply = jedis.set(key, value);
            if ("OK".equals(reply)) {
                return new Reply(Outcome.ACKNOWLEDGED, service, "SET on " + service + ": OK");
            }
            close();
            return new Reply(Outcome.FAILED, service, "SET on " + service + ": reply " + reply);
        } catch (JedisConnectionException e) {
            close();
            return new Reply(Outcome.INDETERMINATE, service, "connection to " + service + " lost: " + MeasurementException.describe(e));
        } catch (JedisException e) {
            close();   // e.g. READONLY from a demoted primary: ask again
            return new Reply(Outcome.FAILED, service, "SET on " + service + ": " + MeasurementException.describe(e));
        }
    }

    /** Asks the Sentinels and connects to the node they name, unless connected to it already; a failed reply if it cannot. */
    private Reply connectToPrimary() {
        SentinelPrimary.Located at;
        try {
            at = primary.locate();
        } catch (RuntimeException e) {
            close();
            return new Reply(Outcome.FAILED, "", e.getMessage());
        }
        if (jedis != null && at.endpoint().equals(connectedTo)) {
            return null;
        }
        close();
        try {
            jedis = new Jedis(new HostAndPort(at.endpoint().host(), at.endpoint().port()), config);
            jedis.connect();
            connectedTo = at.endpoint();
            connectedService = at.service();
            return null;
        } catch (JedisException e) {
            close();
            return new Reply(Outcome.FAILED, at.service(), "not connected to " + at.service() + ": " + MeasurementException.describe(e));
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
