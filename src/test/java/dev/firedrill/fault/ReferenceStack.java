package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** Helpers for the fault ITs: the reference stack, HTTP calls to the service, JDBC through the proxy. */
final class ReferenceStack {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReferenceStack() {
    }

    static Stack start(String... services) {
        StackDefinition definition = StackDefinition.load(ProjectFiles.referenceCompose());
        return Stack.start(services.length == 0 ? definition : definition.only(services));
    }

    /** Status and body of {@code GET path} on the ledger (through the proxy), or "000 <error>". */
    static String get(Stack stack, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.endpoint("ledger", 8080).httpUri().resolve(path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "000 " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "000 interrupted";
        }
    }

    /** Status and body of {@code POST /entries} of a fresh entry. */
    static String postEntry(Stack stack, String id) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.endpoint("ledger", 8080).httpUri().resolve("/entries"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"account\":\"it\",\"amount\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "000 " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "000 interrupted";
        }
    }

    /** A JDBC session to PostgreSQL through the fault proxy (as the service reaches it). */
    static Connection jdbcThroughProxy(Stack stack, int socketTimeoutSeconds) throws SQLException {
        Map<String, String> env = stack.environment("postgres");
        Endpoint endpoint = stack.endpoint("postgres", 5432);
        Properties props = new Properties();
        props.setProperty("user", env.get("POSTGRES_USER"));
        props.setProperty("password", env.get("POSTGRES_PASSWORD"));
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        props.setProperty("ApplicationName", "firedrill-it");
        return DriverManager.getConnection(endpoint.jdbcPostgres(env.get("POSTGRES_DB")), props);
    }
}
