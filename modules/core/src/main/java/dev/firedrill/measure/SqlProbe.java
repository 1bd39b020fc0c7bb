package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.access.Postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * A query on a PostgreSQL service, every 100 ms (path: its name): an observation succeeds when the query
 * completes within {@code timeout} ({@code statement_timeout}, so a query waiting for a lock fails, and the
 * socket timeout one second later for a path that no longer answers). The probe keeps one session, named
 * {@value #APPLICATION_NAME} in pg_stat_activity, opened again after a failure and closed when the probe
 * stops. It reaches the service as clients do: on a stack through the fault proxy when one fronts it, on an
 * external system at its {@code jdbc:postgresql} URL, with the credentials of its environment
 * ({@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}).
 *
 * <p>Example: {@code Probes.sql("entries", "postgres", "SELECT count(*) FROM entries")}
 *
 * @param name    the path its observations are recorded under
 * @param service the PostgreSQL service
 * @param port    its port on a stack (an external service has one address, its URL)
 * @param query   the SQL run each time
 * @param timeout bound on each run
 */
public record SqlProbe(String name, String service, int port, String query, Duration timeout) implements Function<SystemUnderTest, Probe>,
        ProbePath {

    /** The application name of the probe's session. */
    public static final String APPLICATION_NAME = "firedrill-probe";
    private static final Duration INTERVAL = Duration.ofMillis(100);

    public SqlProbe {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("sql probe: name (the path objectives use) must not be blank");
        }
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("sql probe '" + name + "': service must not be blank");
        }
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("sql probe '" + name + "': query must be SQL, e.g. \"SELECT count(*) FROM entries\"");
        }
        Objects.requireNonNull(timeout, "sql probe '" + name + "': timeout must not be null");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("sql probe '" + name + "': timeout must be at least 1 ms, got " + timeout);
        }
    }

    /** The same probe with another bound on each query. */
    public SqlProbe timeout(Duration bound) {
        return new SqlProbe(name, service, port, query, bound);
    }

    /** The path it records under: its name. */
    @Override
    public String path() {
        return name;
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        String url = dev.firedrill.access.Postgres.sessions(system, service, "the sql probe of " + service).clientUrl(service, port);
        Map<String, String> env = system.environment(service);
        Properties props = new Properties();
        props.setProperty("user", env.getOrDefault("POSTGRES_USER", "postgres"));
        props.setProperty("password", env.getOrDefault("POSTGRES_PASSWORD", ""));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        props.setProperty("connectTimeout", Long.toString(seconds));
        props.setProperty("loginTimeout", Long.toString(seconds));
        props.setProperty("socketTimeout", Long.toString(seconds + 1));
        return new Session(url, props);
    }

    @Override
    public String toString() {
        return name + "(sql on " + service + ")";
    }

    private final class Session implements Probe {
        private final String url;
        private final Properties props;

        Session(String url, Properties props) {
            this.url = url;
            this.props = props;
        }

        @Override
        public String path() {
            return name;
        }

        @Override
        public Probe.Running start(Timeline timeline) {
            Connection[] connection = new Connection[1];   // the probe thread's own
            return ScheduledProbeRun.start(name, INTERVAL, timeout.plusSeconds(2), timeline, n -> observe(connection, timeline),
                    () -> discard(connection));
        }

        private Observation observe(Connection[] connection, Timeline timeline) {
            TimePoint start = timeline.clock().now();
            boolean success = false;
            String detail;
            try {
                if (connection[0] == null) {
                    connection[0] = DriverManager.getConnection(url, props);
                    try (Statement st = connection[0].createStatement()) {
                        st.execute("SET statement_timeout = " + timeout.toMillis());
                    }
                }
                try (Statement st = connection[0].createStatement()) {
                    boolean rows = st.execute(query);
                    detail = rows ? firstValue(st.getResultSet()) : st.getUpdateCount() + " row(s)";
                }
                success = true;
            } catch (SQLException e) {
                detail = "SQLSTATE " + e.getSQLState() + ": " + MeasurementException.describe(e);
                if (!"57014".equals(e.getSQLState())) {   // a cancelled statement leaves a usable session; anything else: start over
                    discard(connection);
                }
            }
            Duration latency = timeline.clock().now().since(start);
            return new Observation(name, start, latency.isNegative() ? Duration.ZERO : latency, success, detail);
        }

        private String firstValue(ResultSet rs) throws SQLException {
            return rs.next() ? "first value " + rs.getString(1) : "no row";
        }

        private void discard(Connection[] connection) {
            if (connection[0] != null) {
                try {
                    connection[0].close();
                } catch (SQLException ignored) {
                    // discarding a broken session
                }
                connection[0] = null;
            }
        }
    }
}
