package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Writes canary rows straight into the database (a table {@code firedrill_canary(id bigint primary key,
 * written_at timestamptz not null)} by default, or another name; created if absent): the database's own
 * durability, usable with any application. Ids start at a time-derived base so rows left by earlier runs are not counted.
 * A committed INSERT is acknowledged; no connection, or an error the server answered (disk full,
 * read-only, ...) is a definite failure; a broken connection or timeout mid-statement is indeterminate.
 *
 * <p>Example: {@code try (var canary = new JdbcCanaryWriter(url, "postgres", "secret", clock)) { canary.start(); ... }}
 */
public final class JdbcCanaryWriter extends ScheduledWriter {

    /** The canary table's default name. */
    public static final String DEFAULT_TABLE = "firedrill_canary";

    /** The canary table's DDL. */
    public static final String CREATE_TABLE = createTable(DEFAULT_TABLE);

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private final String jdbcUrl;
    private final String table;
    private final Properties properties;
    private Connection connection; // used by the writer thread only

    /** A canary writer with the default settings (every 100 ms, 2 s timeout). */
    public JdbcCanaryWriter(String jdbcUrl, String user, String password, HarnessClock clock) {
        this(jdbcUrl, user, password, clock, WriterSettings.defaults());
    }

    /** A canary writer with the given settings. */
    public JdbcCanaryWriter(String jdbcUrl, String user, String password, HarnessClock clock,
            WriterSettings settings) {
        this(jdbcUrl, user, password, clock, settings, DEFAULT_TABLE);
    }

    /** A canary writer into {@code table} (a plain lower-case name, optionally schema-qualified), created if absent. */
    public JdbcCanaryWriter(String jdbcUrl, String user, String password, HarnessClock clock, WriterSettings settings, String table) {
        super(clock, System.currentTimeMillis() * 1_000, settings, "jdbc-canary");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
        this.table = requireTableName(table);
        this.properties = properties(user, password, settings.requestTimeout());
    }

    /** {@code table} when it is a plain lower-case SQL name (optionally {@code schema.table}); otherwise an error saying so. */
    public static String requireTableName(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("the canary table must be a plain lower-case name such as firedrill_canary or"
                    + " ops.firedrill_canary (letters, digits, underscores), got '" + table + "'");
        }
        return table;
    }

    static String createTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id bigint PRIMARY KEY, written_at timestamptz NOT NULL)";
    }

    static Properties properties(String user, String password, Duration timeout) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        String seconds = Long.toString(seconds(timeout));
        // pgjdbc bounds: connecting, logging in, and any socket read.
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", Long.toString(seconds(timeout) + 1));
        p.setProperty("ApplicationName", "firedrill-canary");
        return p;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1_000);
    }

    /** The JDBC URL without credentials, for messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String name() {
        return "jdbc canary " + redact(jdbcUrl) + " (" + table + ")";
    }

    /** Creates the canary table if absent. */
    @Override
    void prepare() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, properties); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) seconds(settings.requestTimeout()) * 5);
            s.execute(createTable(table));
        } catch (SQLException e) {
            throw new MeasurementException(redact(jdbcUrl), "create table " + table, e);
        }
    }

    @Override
    Result write(long id) {
        if (connection == null) {
            try {
                connection = DriverManager.getConnection(jdbcUrl, properties);
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                closeConnection();
                return Result.failed("not connected: " + MeasurementException.describe(e));
            }
        }
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO " + table + " (id, written_at) VALUES (?, now())")) {
            s.setQueryTimeout((int) seconds(settings.requestTimeout()));
            s.setLong(1, id);
            int rows = s.executeUpdate();
            return rows == 1 ? Result.ACK : Result.failed("inserted " + rows + " rows");
        } catch (SQLException e) {
            boolean mayHaveCommitted = e instanceof SQLTimeoutException || isConnectionLoss(e.getSQLState());
            if (mayHaveCommitted) {
                closeConnection();
                return Result.indeterminate(describe(e));
            }
            return Result.failed(describe(e));
        }
    }

    // SQL state classes: 08 connection exception, 57014 query cancelled (timeout), 57P0x server shutting down.
    private static boolean isConnectionLoss(String state) {
        return state == null || state.startsWith("08") || state.equals("57014") || state.startsWith("57P");
    }

    private static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ": " + MeasurementException.describe(e);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being discarded because it failed
            }
            connection = null;
        }
    }

    /** Reads back every canary id of this writer's range with JDBC. */
    @Override
    public ReadBack readBack() {
        ReadBack.Builder b = ReadBack.builder();
        try (Connection c = DriverManager.getConnection(jdbcUrl, properties);
                PreparedStatement s = c.prepareStatement("SELECT id FROM " + table + " WHERE id >= ?")) {
            s.setQueryTimeout(60);
            s.setLong(1, ledger().firstId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    b.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new MeasurementException(redact(jdbcUrl), "read back table " + table, e);
        }
        return b.build();
    }

    @Override
    void release() {
        closeConnection();
    }
}
