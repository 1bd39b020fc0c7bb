package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.stack.Stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Direct sessions to a PostgreSQL service of the stack (its own mapped port, never through the proxy,
 * so network faults do not disturb a fault's own sessions), with the credentials of its environment.
 */
public final class Postgres {

    /** SQLSTATE of "sorry, too many clients already" and of "remaining connection slots are reserved". */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Postgres() {
    }

    /** Opens a session to {@code service} as its {@code POSTGRES_USER}, named {@code applicationName} in pg_stat_activity. */
    public static Connection connect(Stack stack, String service, String applicationName) throws SQLException {
        Map<String, String> env = stack.environment(service);
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        return connect(stack, service, applicationName, user, env.getOrDefault("POSTGRES_PASSWORD", ""));
    }

    /** Opens a session to {@code service}'s database as {@code user}. */
    public static Connection connect(Stack stack, String service, String applicationName, String user, String password) throws SQLException {
        Map<String, String> env = stack.environment(service);
        String database = env.getOrDefault("POSTGRES_DB", env.getOrDefault("POSTGRES_USER", "postgres"));
        Endpoint endpoint = stack.directEndpoint(service, 5432);
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(endpoint.jdbcPostgres(database), props);
    }

    /** A table name as SQL may use it unquoted ({@code entries}, {@code public.entries}), or a misuse error. */
    static String requireTableName(String table, String action) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(action + ": table must be a plain name such as 'entries' or 'public.entries', got '" + table + "'");
        }
        return table;
    }

    /** Checks the table exists; otherwise a misuse error listing the tables there are. */
    static void requireTable(Connection session, String table, String action, String service) throws SQLException {
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

    static long count(Connection session, String sql, Object... args) throws SQLException {
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

    static void closeQuietly(AutoCloseable c) {
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
