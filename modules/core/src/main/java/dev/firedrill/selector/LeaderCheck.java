package dev.firedrill.selector;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceCommands;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How {@code leader-of} asks a candidate whether it leads: an HTTP answer (an HA manager's REST API: Patroni answers
 * 200 on {@code GET /primary} of 8008 only on the leader), a SQL query answering true ({@code SELECT NOT
 * pg_is_in_recovery()}), or a command run inside the candidate whose exit code is 0 and whose output holds a text
 * ({@code redis-cli info replication} holding {@code role:master}). Each question is bounded by {@link #BOUND}.
 */
public sealed interface LeaderCheck {

    /** The fields a drill file writes a check with ({@code by:} of leader-of, and the leaders probe): see {@link #of}. */
    java.util.List<dev.firedrill.kind.Param> PARAMS = java.util.List.of(
            dev.firedrill.kind.Param.optional("http", dev.firedrill.kind.Param.Type.TEXT, null, "GET and the path of the candidate's API, e.g. GET /primary"),
            dev.firedrill.kind.Param.optional("sql", dev.firedrill.kind.Param.Type.TEXT, null, "a query answering true on the leader, e.g. SELECT NOT pg_is_in_recovery()"),
            dev.firedrill.kind.Param.optional("command", dev.firedrill.kind.Param.Type.TEXT, null,
                    "run with sh -c inside each candidate: exit 0 (and expect in its output) on the leader"),
            dev.firedrill.kind.Param.optional("port", dev.firedrill.kind.Param.Type.INTEGER, null, "http: the API's port; sql: the PostgreSQL port (5432)"),
            dev.firedrill.kind.Param.optional("expect", dev.firedrill.kind.Param.Type.TEXT, null, "http: the leader's status (200); command: a text of the leader's output"));

    /** The longest one question to one candidate may take. */
    Duration BOUND = Duration.ofSeconds(2);

    /** Whether {@code candidate} leads, and its answer in a few words. */
    Answer ask(SystemUnderTest system, String candidate);

    /** In words, e.g. {@code GET /primary on 8008 answering 200}. */
    String describe();

    /** A candidate's answer. */
    record Answer(boolean leads, String said) {
    }

    /** {@code GET path} on {@code port} of the candidate answering {@code status}. */
    static LeaderCheck http(String path, int port, int status) {
        return new Http(path, port, status);
    }

    /** {@code query} on the candidate's PostgreSQL ({@code port}) answering true, as its {@code POSTGRES_USER}. */
    static LeaderCheck sql(String query, int port) {
        return new Sql(query, port);
    }

    /** {@code command} (run with {@code sh -c} inside the candidate) exiting 0 with {@code expect} in its output (null: any). */
    static LeaderCheck command(String command, String expect) {
        return new Command(command, expect);
    }

    /**
     * The check a drill file writes: exactly one of {@code http} ({@code GET /path}, with {@code port} and {@code expect},
     * a status, default 200), {@code sql} (with {@code port}, default 5432) or {@code command} (with {@code expect}, a text
     * the leader's output holds); an error naming what is valid otherwise.
     */
    static LeaderCheck of(String http, String sql, String command, Integer port, String expect) {
        int given = (http == null ? 0 : 1) + (sql == null ? 0 : 1) + (command == null ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("name exactly one way to ask whether a candidate leads: http, sql or command (e.g. http: GET"
                    + " /primary, port: 8008, expect: 200; sql: SELECT NOT pg_is_in_recovery(); command: redis-cli info replication,"
                    + " expect: role:master)");
        }
        if (http != null) {
            String request = http.strip();
            if (!request.startsWith("GET ")) {
                throw new IllegalArgumentException("write the request as GET and the path, e.g. GET /primary; got '" + request + "'");
            }
            if (port == null) {
                throw new IllegalArgumentException("http: give the port of the API, e.g. port: 8008");
            }
            int status;
            try {
                status = expect == null ? 200 : Integer.parseInt(expect.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("http: expect is the status the leader answers, e.g. 200; got '" + expect + "'");
            }
            return http(request.substring(4).strip(), port, status);
        }
        if (sql != null) {
            if (expect != null) {
                throw new IllegalArgumentException("sql: the leader is the candidate whose query answers true; 'expect' belongs to http and command");
            }
            return sql(sql, port == null ? 5432 : port);
        }
        if (port != null) {
            throw new IllegalArgumentException("command: runs inside each candidate, no port; 'port' belongs to http and sql");
        }
        return command(command, expect);
    }

    /** See {@link #http}. */
    record Http(String path, int port, int status) implements LeaderCheck {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(BOUND).build();

        public Http {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("leader-of by http: the path starts with '/', e.g. GET /primary; got '" + path + "'");
            }
            requirePort(port);
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("leader-of by http: expect is an HTTP status (100-599), got " + status);
            }
        }

        @Override
        public Answer ask(SystemUnderTest system, String candidate) {
            URI uri = system.endpoint(candidate, port).httpUri().resolve(path);
            try {
                int answered = CLIENT.send(HttpRequest.newBuilder(uri).timeout(BOUND).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                return new Answer(answered == status, "HTTP " + answered);
            } catch (IOException e) {
                return new Answer(false, "no answer (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(false, "interrupted");
            }
        }

        @Override
        public String describe() {
            return "GET " + path + " on " + port + " answering " + status;
        }
    }

    /** See {@link #sql}. */
    record Sql(String query, int port) implements LeaderCheck {
        public Sql {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("leader-of by sql: the query answering true on the leader, e.g. SELECT NOT pg_is_in_recovery()");
            }
            requirePort(port);
        }

        @Override
        public Answer ask(SystemUnderTest system, String candidate) {
            Map<String, String> env = system.environment(candidate);
            String user = env.getOrDefault("POSTGRES_USER", "postgres");
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", env.getOrDefault("POSTGRES_PASSWORD", ""));
            p.setProperty("ApplicationName", "firedrill-leader-check");
            p.setProperty("connectTimeout", Long.toString(BOUND.toSeconds()));
            p.setProperty("socketTimeout", Long.toString(BOUND.toSeconds() + 1));
            String url = system.endpoint(candidate, port).jdbcPostgres(env.getOrDefault("POSTGRES_DB", user));
            try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
                st.setQueryTimeout((int) BOUND.toSeconds());
                try (ResultSet rs = st.executeQuery(query)) {
                    boolean leads = rs.next() && rs.getBoolean(1);
                    return new Answer(leads, String.valueOf(leads));
                }
            } catch (SQLException e) {
                return new Answer(false, "no answer (SQLState " + e.getSQLState() + ")");
            }
        }

        @Override
        public String describe() {
            return "'" + query + "' on " + port + " answering true";
        }
    }

    /** See {@link #command}. */
    record Command(String command, String expect) implements LeaderCheck {
        public Command {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("leader-of by command: the command run in each candidate, e.g. redis-cli info replication");
            }
        }

        @Override
        public Answer ask(SystemUnderTest system, String candidate) {
            ServiceCommands commands = system.require(ServiceCommands.class, "leader-of by command");
            ServiceCommands.CommandResult r;
            try {
                r = commands.exec(candidate, "sh", "-c", command);
            } catch (RuntimeException e) {
                return new Answer(false, "not run (" + e.getMessage() + ")");
            }
            boolean leads = r.succeeded() && (expect == null || r.stdout().contains(expect));
            return new Answer(leads, "exit " + r.exitCode() + (expect == null ? "" : r.stdout().contains(expect) ? ", '" + expect + "' in its output"
                    : ", no '" + expect + "' in its output"));
        }

        @Override
        public String describe() {
            return "'" + command + "' exiting 0" + (expect == null ? "" : " with '" + expect + "' in its output");
        }
    }

    private static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("leader-of: the port must be 1-65535, got " + port);
        }
    }
}
