package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
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
 * Sessions to a PostgreSQL service, with the credentials of its environment ({@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}): on a stack directly at the service's own mapped port (never through the proxy,
 * so network faults do not disturb a fault's own sessions); on an external system at the
 * {@code jdbc:postgresql} URL of its endpoints file. Faults and procedures that act only through such
 * sessions therefore apply to both.
 */
public final class Postgres {

    /** SQLSTATE of "sorry, too many clients already" and of "remaining connection slots are reserved". */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Postgres() {
    }

    /** Opens a session to {@code service} as its {@code POSTGRES_USER}, named {@code applicationName} in pg_stat_activity. */
    public static Connection connect(SystemUnderTest system, String service, String applicationName) throws SQLException {
        Map<String, String> env = system.environment(service);
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        return connect(system, service, applicationName, user, env.getOrDefault("POSTGRES_PASSWORD", ""));
    }

    /** Opens a session to {@code service}'s database as {@code user}. */
    public static Connection connect(SystemUnderTest system, String service, String applicationName, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(directUrl(system, service), props);
    }

    /**
     * The JDBC URL of {@code service}'s database for the harness's own sessions: a stack's service at its own
     * mapped port (never through the proxy, so network faults do not disturb a fault's sessions), with the
     * database of its {@code POSTGRES_DB} (else {@code POSTGRES_USER}, else {@code postgres}); an external
     * system's service at the admin URL its endpoints file gives, else at its URL.
     */
    public static String directUrl(SystemUnderTest system, String service) {
        if (system instanceof Stack stack) {
            return stack.directEndpoint(service, 5432).jdbcPostgres(database(stack, service));
        }
        return externalPostgres(system, service).adminUrl(service).toString();
    }

    /**
     * The JDBC URL clients use for {@code service}'s {@code port}: on a stack through the fault proxy when it
     * fronts the service (as {@link SystemUnderTest#endpoint} reaches it); on an external system its given URL.
     */
    public static String clientUrl(SystemUnderTest system, String service, int port) {
        if (system instanceof Stack stack) {
            return stack.endpoint(service, port).jdbcPostgres(database(stack, service));
        }
        return externalPostgres(system, service).url(service).toString();
    }

    private static String database(SystemUnderTest system, String service) {
        Map<String, String> env = system.environment(service);
        return env.getOrDefault("POSTGRES_DB", env.getOrDefault("POSTGRES_USER", "postgres"));
    }

    private static FaultProxied externalPostgres(SystemUnderTest system, String service) {
        if (system instanceof FaultProxied external && "postgres".equals(external.protocol(service))) {
            return external;
        }
        throw new IllegalArgumentException("service '" + service + "' is not a PostgreSQL service Firedrill can open sessions to: "
                + (system instanceof FaultProxied external ? "its url is " + external.url(service) + ", not jdbc:postgresql://host:port/db"
                : "the system under test is " + system.getClass().getSimpleName() + ", neither a stack nor an external system"));
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
