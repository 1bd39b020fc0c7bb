package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.SqlSessions;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * A query that runs for {@code length} ({@code pg_sleep}) on its own session. Takes effect when
 * pg_stat_activity shows it active. Undo cancels it ({@code pg_cancel_backend}) and closes the session.
 */
record LongQueryFault(String service, Duration length) implements PostgresFault {

    static final String APPLICATION_NAME = "firedrill-long-query";
    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    LongQueryFault {
        Faults.requireService(service, "longQuery");
        Faults.requirePositive(length, "longQuery(" + service + ")", "length");
    }

    @Override
    public String name() {
        return "longQuery(" + service + ", " + length.toSeconds() + " s)";
    }

    @Override
    public Injection injectInto(SqlSessions sql) {
        Connection session;
        try {
            session = sql.connect(service, APPLICATION_NAME);
        } catch (SQLException e) {
            throw FaultException.of(name(), service, "open the query's session", e);
        }
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try (PreparedStatement st = session.prepareStatement("SELECT pg_sleep(?)")) {
                st.setDouble(1, length.toMillis() / 1000.0);
                st.execute();
            } catch (SQLException cancelledOrTerminated) {
                // the undo or a recovery ended it
            }
        });
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                try (Connection control = sql.connect(service, "firedrill-fault-undo")) {
                    Postgres.count(control, "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                            APPLICATION_NAME);
                } catch (SQLException e) {
                    // the server may be gone; closing the session below still ends the query on our side
                }
                try {
                    running.get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // closed below either way
                }
                Postgres.closeQuietly(session);
            }
        };
        try (Connection control = sql.connect(service, "firedrill-fault-check")) {
            await(name() + " active").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = 'active'",
                            APPLICATION_NAME) > 0);
            return undo;
        } catch (ConditionTimeoutException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": the query is not active in pg_stat_activity within " + EFFECT_BOUND);
        } catch (SQLException e) {
            undo.close();
            throw FaultException.of(name(), service, "check the query runs", e);
        }
    }
}
