package com.example.drills;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault Firedrill does not ship, written as a user would: the application's database role loses the right to
 * insert into a table ({@code REVOKE INSERT ON table FROM role}), as a bad permissions migration does. It is verified
 * by an insert as that role being refused (SQLSTATE 42501), and undone by {@code GRANT INSERT}, verified by the insert
 * being allowed again. The inserts insert no row ({@code INSERT INTO t SELECT * FROM t WHERE false}, rolled back), so
 * the role needs SELECT on the table for the check.
 *
 * <p>In a drill file: {@code - {kind: revoke-insert, target: postgres, table: payments, role: app_writer}}.
 *
 * @param service the PostgreSQL service
 * @param table   the table, optionally schema-qualified
 * @param role    the role that loses INSERT
 */
public record RevokeInsertFault(String service, String table, String role) implements Fault {

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String APPLICATION_NAME = "example-revoke-insert";

    public RevokeInsertFault {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("revoke-insert: target must name the PostgreSQL service");
        }
        if (table == null || !table.matches(IDENTIFIER + "(\\." + IDENTIFIER + ")?")) {
            throw new IllegalArgumentException("revoke-insert: table must be a table name such as payments or shop.payments, got '" + table + "'");
        }
        if (role == null || !role.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("revoke-insert: role must be a role name such as app_writer, got '" + role + "'");
        }
    }

    /** The kind {@code revoke-insert}: found through ServiceLoader, so a drill file can name it. */
    @AutoService(KindProvider.class)
    public static final class Provider implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("revoke-insert", "the role loses INSERT on a table (REVOKE), undone by GRANT;"
                            + " verified by an insert as the role being refused").target()
                    .param(Param.required("table", Param.Type.TEXT, "the table, e.g. payments"),
                            Param.required("role", Param.Type.TEXT, "the role that loses INSERT, e.g. app_writer"))
                    .requires(SqlSessions.class)
                    .build(a -> new RevokeInsertFault(a.target(), a.text("table"), a.text("role"))));
        }
    }

    @Override
    public String name() {
        return "revokeInsert(" + service + ", " + table + " from " + role + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(SqlSessions.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(SqlSessions.class, name()).requireDatabase(service, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        validate(system);
        if (!insertAllowed(system)) {
            throw new IllegalStateException(name() + ": an insert as " + role + " is refused before the fault (the check needs INSERT"
                    + " and SELECT on " + table + "): there is nothing to revoke");
        }
        execute(system, "REVOKE INSERT ON " + table + " FROM " + role);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                execute(system, "GRANT INSERT ON " + table + " TO " + role);
                if (!insertAllowed(system)) {
                    throw new IllegalStateException(name() + ": GRANT INSERT ran, yet an insert as " + role + " is still refused");
                }
            }
        };
        if (insertAllowed(system)) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": after REVOKE an insert as " + role + " still succeeds: it holds INSERT"
                    + " through PUBLIC or another role, so revoking its own grant changes nothing");
        }
        return undo;
    }

    /** Whether an insert (of no row, rolled back) into the table as the role is allowed. */
    private boolean insertAllowed(SystemUnderTest system) {
        try (Connection session = open(system); Statement st = session.createStatement()) {
            session.setAutoCommit(false);
            try {
                st.execute("SET LOCAL ROLE " + role);
                st.executeUpdate("INSERT INTO " + table + " SELECT * FROM " + table + " WHERE false");
                return true;
            } catch (SQLException e) {
                if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) && e.getMessage().contains(tableName())) {
                    return false;
                }
                throw e;
            } finally {
                session.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": could not try an insert as " + role + ": " + e.getMessage(), e);
        }
    }

    private String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    private void execute(SystemUnderTest system, String sql) {
        try (Connection session = open(system); Statement st = session.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private Connection open(SystemUnderTest system) throws SQLException {
        return system.require(SqlSessions.class, name()).connect(service, APPLICATION_NAME);
    }
}
