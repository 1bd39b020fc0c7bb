package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.SystemUnderTest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A "bad migration": deletes the rows of {@code table} matching {@code where}, committed, at a recorded
 * instant (the server's {@code clock_timestamp()} just before, and the WAL position then: the target of
 * a point-in-time recovery). Takes effect when at least one row was deleted. Returns a {@link DataChange}.
 *
 * <p>Example: {@code Faults.badMigration("postgres", "entries", "amount % 2 = 0")}
 */
public record BadMigrationFault(String service, String table, String where) implements Fault {

    public BadMigrationFault {
        Faults.requireService(service, "badMigration");
        Postgres.requireTableName(table, "badMigration(" + service + ")");
        if (where == null || where.isBlank() || where.contains(";")) {
            throw new IllegalArgumentException("badMigration(" + service + ", " + table + "): 'where' must be one SQL condition, e.g. "
                    + "\"amount % 2 = 0\"; got '" + where + "'");
        }
    }

    @Override
    public String name() {
        return "badMigration(" + service + ", DELETE FROM " + table + " WHERE " + where + ")";
    }

    @Override
    public java.util.Set<Class<? extends dev.firedrill.Capability>> requires() {
        return java.util.Set.of(dev.firedrill.capability.SqlSessions.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        Postgres.sessions(system, service, name());
    }

    @Override
    public dev.firedrill.Injection inject(SystemUnderTest system, dev.firedrill.FaultEvents events) {
        events.willLeave(dev.firedrill.Leftover.byHand("the rows of " + table + " where " + where + " on " + service
                + " stay deleted: a bad migration has no undo; restore them (the drill's recovery is that restore)"));
        events.acting();
        DataChange change = inject(system);
        events.accept(change);
        return change;
    }

    @Override
    public DataChange inject(SystemUnderTest system) {
        try (Connection session = Postgres.sessions(system, service, name()).connect(service, "firedrill-bad-migration")) {
            Postgres.requireTable(session, table, name(), service);
            Instant before;
            String lsn;
            try (Statement st = session.createStatement();
                 ResultSet rs = st.executeQuery("SELECT clock_timestamp(), pg_current_wal_lsn()::text")) {
                rs.next();
                before = rs.getTimestamp(1).toInstant();
                lsn = rs.getString(2);
            }
            int rows;
            try (Statement st = session.createStatement()) {
                rows = st.executeUpdate("DELETE FROM " + table + " WHERE " + where);
            }
            if (rows == 0) {
                throw new FaultNotEffectiveException(name() + ": deleted no row; nothing matched '" + where + "'");
            }
            return new DataChange(name(), before, lsn, rows);
        } catch (SQLException e) {
            throw FaultException.of(name(), service, "run the bad migration", e);
        }
    }
}
