package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.SqlSessions;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * A session holds {@code ACCESS EXCLUSIVE} on a table in an open transaction (optionally after some
 * uncommitted work of its own), so every other session touching the table waits. Takes effect when
 * {@code pg_locks} shows a waiter on the table, within {@code verifyWithin}. Undo rolls back and closes
 * the session (nothing to do when a recovery terminated it).
 *
 * <p>Example: {@code Faults.lockTable("postgres", "entries").holding("DELETE FROM entries")}
 */
public record LockTableFault(String service, String table, Optional<String> uncommittedWork, Duration verifyWithin) implements PostgresFault {

    /** The application name of the lock holder's session in pg_stat_activity. */
    public static final String APPLICATION_NAME = "firedrill-lock-holder";

    public LockTableFault {
        Faults.requireService(service, "lockTable");
        Postgres.requireTableName(table, "lockTable(" + service + ")");
        Objects.requireNonNull(uncommittedWork, "uncommittedWork");
        Faults.requirePositive(verifyWithin, "lockTable(" + service + ", " + table + ")", "verifyWithin");
    }

    /** The same lock, with {@code sql} run (and never committed) in the locking transaction. */
    public LockTableFault holding(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("lockTable(" + service + ", " + table + "): the uncommitted work must be SQL, got '" + sql + "'");
        }
        return new LockTableFault(service, table, Optional.of(sql), verifyWithin);
    }

    /** The same lock, taking effect only once a waiter shows within {@code bound}. */
    public LockTableFault verifyWithin(Duration bound) {
        return new LockTableFault(service, table, uncommittedWork, bound);
    }

    @Override
    public String name() {
        return "lockTable(" + service + ", " + table + ", ACCESS EXCLUSIVE)";
    }

    @Override
    public Injection injectInto(SqlSessions sql) {
        Connection holder;
        try {
            holder = sql.connect(service, APPLICATION_NAME);
        } catch (SQLException e) {
            throw FaultException.of(name(), service, "open the lock holder's session", e);
        }
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                try {
                    if (!holder.isClosed() && !holder.getAutoCommit()) {
                        holder.rollback();
                    }
                } catch (SQLException terminated) {
                    // terminated by a recovery: its transaction is already rolled back
                }
                Postgres.closeQuietly(holder);
            }
        };
        try {
            Postgres.requireTable(holder, table, name(), service);
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                if (uncommittedWork.isPresent()) {
                    st.execute(uncommittedWork.get());
                }
            }
            awaitWaiter(sql);
            return undo;
        } catch (SQLException e) {
            undo.close();
            throw FaultException.of(name(), service, "take the lock", e);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    private void awaitWaiter(SqlSessions sql) throws SQLException {
        try (Connection control = sql.connect(service, "firedrill-fault-check")) {
            await(name() + ": a waiter in pg_locks").atMost(verifyWithin).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> Postgres.count(control, "SELECT count(*) FROM pg_locks WHERE relation = to_regclass(?) AND NOT granted", table) > 0);
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(name() + ": pg_locks shows no session waiting for '" + table + "' within " + verifyWithin
                    + " (does anything use the table?)");
        }
    }
}
