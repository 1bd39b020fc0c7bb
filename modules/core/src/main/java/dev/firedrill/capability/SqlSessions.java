package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SQL sessions to a system's PostgreSQL services, as a role of their own: how lock, session and migration faults
 * act and how blockers are terminated. The harness's sessions go to the server itself (never through the fault
 * proxy), so a network fault does not cut a fault's own sessions.
 */
public interface SqlSessions extends Capability {

    /** The services sessions can be opened to. */
    List<String> databases();

    /** The JDBC URL of the harness's own sessions to {@code service} (the server itself). */
    String directUrl(String service);

    /** The JDBC URL the system's clients use for {@code service} (through the fault proxy when one fronts it). */
    String clientUrl(String service, int port);

    /** The credentials sessions log in with: {@code POSTGRES_USER} and {@code POSTGRES_PASSWORD} of the service's environment. */
    Map<String, String> credentials(String service);

    /** {@code service}, when sessions can be opened to it; otherwise an error listing the services they can. */
    default String requireDatabase(String service, String action) {
        if (!databases().contains(service)) {
            throw new IllegalArgumentException(action + " applies to a PostgreSQL service the harness can open SQL sessions to; '"
                    + service + "' is not one; valid targets are " + (databases().isEmpty() ? "none here" : databases().toString()));
        }
        return service;
    }

    /** A session to {@code service} as its {@code POSTGRES_USER}, named {@code applicationName} in pg_stat_activity. */
    default Connection connect(String service, String applicationName) throws SQLException {
        Map<String, String> env = credentials(service);
        return connect(service, applicationName, env.getOrDefault("POSTGRES_USER", "postgres"), env.getOrDefault("POSTGRES_PASSWORD", ""));
    }

    /** A session to {@code service} as {@code user}. */
    default Connection connect(String service, String applicationName, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(directUrl(service), props);
    }
}
