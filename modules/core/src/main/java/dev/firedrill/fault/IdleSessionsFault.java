package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.SqlSessions;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * {@code count} sessions left idle, or idle in an open transaction (they hold a snapshot and a slot).
 * Takes effect when pg_stat_activity shows them in that state. Undo closes them.
 */
record IdleSessionsFault(String service, int count, boolean inTransaction) implements PostgresFault {

    static final String APPLICATION_NAME = "firedrill-idle";
    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    IdleSessionsFault {
        Faults.requireService(service, "idleSessions");
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException((inTransaction ? "idleInTransaction(" : "idleSessions(") + service
                    + "): count must be 1 .. 10000, got " + count);
        }
    }

    @Override
    public String name() {
        return (inTransaction ? "idleInTransaction(" : "idleSessions(") + service + ", " + count + " sessions)";
    }

    private String state() {
        return inTransaction ? "idle in transaction" : "idle";
    }

    @Override
    public Injection injectInto(SqlSessions sql) {
        return injectInto(sql, FaultEvents.ignored());
    }

    /** The fault acts once every session is open and idle (opening them takes a moment); a stop meanwhile closes those held. */
    @Override
    public Injection injectInto(SqlSessions sql, FaultEvents events) {
        HeldSessions sessions = new HeldSessions();
        events.accept(sessions);
        String appName = APPLICATION_NAME + (inTransaction ? "-in-transaction" : "");
        try {
            for (int i = 0; i < count; i++) {
                Connection session = sql.connect(service, appName);
                sessions.hold(session);
                if (inTransaction) {
                    session.setAutoCommit(false);
                }
                try (Statement st = session.createStatement()) {
                    st.execute("SELECT txid_current()");
                }
            }
            events.acting();   // every session is open and idle now
            try (Connection control = sql.connect(service, "firedrill-fault-check")) {
                await(name() + " in pg_stat_activity").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                        .until(() -> Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = ?",
                                appName, state()) >= count);
            }
            return sessions;
        } catch (ConditionTimeoutException e) {
            sessions.close();
            throw new FaultNotEffectiveException(name() + ": pg_stat_activity does not show " + count + " sessions '" + state()
                    + "' within " + EFFECT_BOUND);
        } catch (SQLException e) {
            sessions.close();
            throw FaultException.of(name(), service, "open session " + (sessions.size() + 1) + " of " + count, e);
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
    }
}
