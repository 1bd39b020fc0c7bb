package dev.firedrill.recovery;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** The superuser login of a PostgreSQL service, from the environment it was configured with (docs/stack.md). */
record PostgresLogin(String user, String password, String database) {

    static PostgresLogin of(SystemUnderTest system, String service) {
        Map<String, String> env = system.environment(service);
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        return new PostgresLogin(user, env.getOrDefault("POSTGRES_PASSWORD", ""), env.getOrDefault("POSTGRES_DB", user));
    }

    /** The variables the image and the client tools read (PGPASSWORD for pg_dump and psql over the network). */
    Map<String, String> environment() {
        return Map.of("POSTGRES_USER", user, "POSTGRES_PASSWORD", password, "POSTGRES_DB", database,
                "PGUSER", user, "PGPASSWORD", password, "PGDATABASE", database);
    }

    /** A connection from the harness, through the service's endpoint (the fault proxy when one fronts it). */
    Connection connect(SystemUnderTest system, String service) throws SQLException {
        return connect(system.endpoint(service, 5432));
    }

    /** A connection to the server of {@code service} itself, bypassing the fault proxy (after a failover it leads elsewhere). */
    Connection connectDirect(SystemUnderTest stack, String service) throws SQLException {
        return connect(stack.directEndpoint(service, 5432));
    }

    private Connection connect(Endpoint endpoint) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "120");
        return DriverManager.getConnection(endpoint.jdbcPostgres(database), props);
    }
}
