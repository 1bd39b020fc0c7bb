package dev.firedrill.ledger;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;

/**
 * Turns the exception a dependency failed with into the short reason {@code /ready} and 503 bodies
 * show, e.g. {@code "too many clients"} for PostgreSQL's SQLSTATE 53300.
 */
final class OutageReason {

    static final String POOL_EXHAUSTED = "pool exhausted";
    static final String TIMEOUT = "timeout";
    static final String CONNECTION_REFUSED = "connection refused";
    static final String CONNECTION_LOST = "connection lost";
    static final String READ_ONLY = "read-only";
    static final String TOO_MANY_CLIENTS = "too many clients";
    static final String DISK_FULL = "disk full";
    static final String OUT_OF_MEMORY = "out of memory";

    private OutageReason() {
    }

    /** The reason for a failure, read from SQLSTATEs, Redis errors and socket exceptions along the cause chain. */
    static String of(Throwable failure) {
        String fromState = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && fromState == null) {
                fromState = fromSqlState(sql.getSQLState());
                if (fromState != null && !fromState.equals(CONNECTION_LOST)) {
                    return fromState;
                }
            }
            String fromType = fromType(t);
            if (fromType != null) {
                return fromType;
            }
            // Jedis reports each address it tried as a suppressed exception.
            for (Throwable suppressed : t.getSuppressed()) {
                String fromSuppressed = fromType(suppressed.getCause() == null ? suppressed : suppressed.getCause());
                if (fromSuppressed == null) {
                    fromSuppressed = fromType(suppressed);
                }
                if (fromSuppressed != null) {
                    return fromSuppressed;
                }
            }
        }
        if (fromState != null) {
            return fromState;
        }
        if (isPoolTimeout(failure)) {
            // Hikari gave up waiting without having seen a connection failure.
            return TIMEOUT;
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
    }

    /** Whether this is HikariCP's "Connection is not available, request timed out" (no free connection in time). */
    static boolean isPoolTimeout(Throwable failure) {
        return failure instanceof SQLException
                && failure.getMessage() != null
                && failure.getMessage().contains("Connection is not available, request timed out");
    }

    private static String fromSqlState(String state) {
        if (state == null) {
            return null;
        }
        switch (state) {
            case "53300":
                return TOO_MANY_CLIENTS;
            case "53100":
                return DISK_FULL;
            case "53200":
                return OUT_OF_MEMORY;
            case "25006":
                return READ_ONLY;
            case "57014":
                return TIMEOUT;
            case "57P01":
            case "57P02":
                return "shutting down";
            case "57P03":
                return "starting up";
            case "28P01":
            case "28000":
                return "authentication failed";
            case "3D000":
                return "database does not exist";
            case "42P01":
                return "table missing";
            case "40P01":
                return "deadlock";
            case "55P03":
                return "lock not available";
            default:
                break;
        }
        if (state.startsWith("08")) {
            return CONNECTION_LOST;
        }
        return null;
    }

    private static String fromType(Throwable t) {
        if (t instanceof ConnectException) {
            return CONNECTION_REFUSED;
        }
        if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof EOFException) {
            return CONNECTION_LOST;
        }
        String name = t.getClass().getName();
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (name.startsWith("redis.clients.jedis.exceptions.")) {
            return fromRedis(t.getClass().getSimpleName(), message);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused")) {
            return CONNECTION_REFUSED;
        }
        if (lower.contains("timed out")) {
            // "Read timed out", "connect timed out", pgjdbc's login timeout "Connection attempt timed out.".
            return TIMEOUT;
        }
        if (lower.contains("connection reset") || lower.contains("broken pipe")) {
            return CONNECTION_LOST;
        }
        return null;
    }

    private static String fromRedis(String type, String message) {
        if (message.startsWith("OOM")) {
            return OUT_OF_MEMORY;
        }
        if (message.startsWith("READONLY")) {
            return READ_ONLY;
        }
        if (message.startsWith("LOADING")) {
            return "loading";
        }
        if (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS")) {
            return "authentication failed";
        }
        if (message.startsWith("MISCONF")) {
            return "snapshot failing";
        }
        if (type.equals("JedisExhaustedPoolException") || message.contains("Could not get a resource from the pool")
                && message.contains("Timeout")) {
            return POOL_EXHAUSTED;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("unexpected end of stream") || lower.contains("connection reset")) {
            return CONNECTION_LOST;
        }
        // Connection exceptions carry the socket exception as cause: let the caller look further.
        return null;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
