package dev.firedrill.stack;

import dev.firedrill.capability.SqlSessions;

import java.util.List;
import java.util.Map;

/**
 * SQL sessions to a stack's PostgreSQL services at their own mapped port (never through the proxy, so a network fault
 * does not cut a fault's own sessions), on the database of {@code POSTGRES_DB} (else {@code POSTGRES_USER}, else
 * {@code postgres}).
 */
final class StackSqlSessions implements SqlSessions {

    private final Stack stack;

    StackSqlSessions(Stack stack) {
        this.stack = stack;
    }

    @Override
    public List<String> databases() {
        return stack.services().stream().filter(s -> stack.protocol(s).filter("postgres"::equals).isPresent()).toList();
    }

    @Override
    public String directUrl(String service) {
        return stack.directEndpoint(service, 5432).jdbcPostgres(database(service));
    }

    @Override
    public String clientUrl(String service, int port) {
        return stack.endpoint(service, port).jdbcPostgres(database(service));
    }

    @Override
    public Map<String, String> credentials(String service) {
        return stack.environment(service);
    }

    private String database(String service) {
        Map<String, String> env = stack.environment(service);
        return env.getOrDefault("POSTGRES_DB", env.getOrDefault("POSTGRES_USER", "postgres"));
    }
}
