package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Endpoint;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference service running in its own image inside a stack, reached the way drills reach it:
 * HTTP through the fault proxy's mapped port, and PostgreSQL through the proxy with the Compose file's
 * credentials.
 */
final class LedgerInStack implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Stack stack;
    /** How long the whole stack took to start, images already present. */
    final Duration startTime;

    private LedgerInStack(Stack stack, Duration startTime) {
        this.stack = stack;
        this.startTime = startTime;
    }

    /** Starts the stack and waits until the service says it is ready. */
    static LedgerInStack start(StackDefinition definition) throws Exception {
        long started = System.nanoTime();
        Stack stack = Stack.start(definition);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LedgerInStack ledger = new LedgerInStack(stack, took);
        try {
            HttpResponse<String> ready = ledger.awaitReady(Duration.ofSeconds(30));
            if (ready.statusCode() != 200) {
                throw new IllegalStateException("ledger of stack " + stack.runId() + " not ready 30 s after start: "
                        + ready.body() + "\n" + stack.processes().logs("ledger"));
            }
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        System.out.printf("stack %s started in %d ms (services %s)%n", stack.runId(), took.toMillis(), stack.services());
        return ledger;
    }

    /** HTTP on 8080 through the proxy {@code ledger}; a new client each time, since the proxy port stays put. */
    LedgerClient http() {
        Endpoint endpoint = stack.endpoint("ledger", 8080);
        return new LedgerClient(endpoint.port());
    }

    /** A fresh JDBC session to the stack's PostgreSQL, through the proxy {@code postgres}. */
    Connection database() throws SQLException {
        Map<String, String> env = stack.environment("postgres");
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(stack.endpoint("postgres", 5432).jdbcPostgres(env.get("POSTGRES_DB")),
                env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
    }

    long scalar(String sql) throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    long rowsWithId(String id) throws SQLException {
        try (Connection connection = database();
             var select = connection.prepareStatement("SELECT count(*) FROM entries WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Polls {@code /ready} until it answers 200 or the bound passes; returns the last answer. */
    HttpResponse<String> awaitReady(Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        HttpResponse<String> ready = readyOrNull();
        while ((ready == null || ready.statusCode() != 200) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = readyOrNull();
        }
        if (ready == null) {
            return http().get("/ready");
        }
        return ready;
    }

    private HttpResponse<String> readyOrNull() {
        try {
            return http().get("/ready");
        } catch (Exception e) {
            // the proxy answers before the service does; keep polling
            return null;
        }
    }

    /** {@code /metrics} as series ("name{labels}") to value. */
    Map<String, Double> metrics() throws Exception {
        HttpResponse<String> response = http().get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        stack.close();
    }
}
