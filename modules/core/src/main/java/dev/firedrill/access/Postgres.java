package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.SqlSessions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the faults and procedures acting through SQL sessions share: finding the {@link SqlSessions} of a
 * PostgreSQL service, checking a table exists, counting, closing a session that may be gone.
 */
public final class Postgres {

    /** SQLSTATE of "sorry, too many clients already" and of "remaining connection slots are reserved". */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Postgres() {
    }

    /**
     * The system's SQL sessions, once {@code service} is known to be a service they reach; otherwise an error saying
     * what is missing: the service, the capability, or a PostgreSQL service of that name.
     */
    public static SqlSessions sessions(SystemUnderTest system, String service, String action) {
        system.requireService(service, action);
        SqlSessions sessions = system.require(SqlSessions.class, action);
        sessions.requireDatabase(service, action);
        return sessions;
    }

    /** A table name as SQL may use it unquoted ({@code entries}, {@code public.entries}), or a misuse error. */
    public static String requireTableName(String table, String action) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(action + ": table must be a plain name such as 'entries' or 'public.entries', got '" + table + "'");
        }
        return table;
    }

    /** Checks the table exists; otherwise a misuse error listing the tables there are. */
    public static void requireTable(Connection session, String table, String action, String service) throws SQLException {
        try (PreparedStatement st = session.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        List<String> tables = new ArrayList<>();
        try (PreparedStatement st = session.prepareStatement("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        throw new IllegalArgumentException(action + ": service '" + service + "' has no table '" + table + "'; tables are " + tables);
    }

    public static long count(Connection session, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = session.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // the session may already be terminated: closing it is all that is left to do
        }
    }
}
