package dev.firedrill.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;

/**
 * The reference service's jobs (docs/reference-service.md, "Jobs") as the harness reaches them: enqueued and read back
 * through the service ({@code POST /jobs}, {@code GET /jobs/{id}}), the Celery queue in Redis (the list {@code celery},
 * the {@code unacked} hash of messages a worker took and has not acknowledged), and the results store, the service's
 * tables {@code jobs} and {@code job_executions}.
 */
public final class ServiceJobs {

    /** Celery's default queue: the Redis list the service pushes onto and the workers pop from. */
    public static final String QUEUE = "celery";
    /** kombu's Redis transport keeps every message a worker took, until acknowledged, in this hash. */
    public static final String UNACKED = "unacked";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern EXECUTIONS = Pattern.compile("\"executions\"\\s*:\\s*(\\d+)");
    private static final String AUDIT = "SELECT count(*), count(*) FILTER (WHERE n > 0), count(*) FILTER (WHERE n = 0),"
            + " count(*) FILTER (WHERE n > 1), coalesce(sum(n), 0) FROM (SELECT j.id, count(e.seq) AS n FROM jobs j"
            + " LEFT JOIN job_executions e ON e.job_id = j.id WHERE j.enqueued_at >= ? GROUP BY j.id) per_job";

    private ServiceJobs() {
    }

    /** A job as {@code GET /jobs/{id}} answers it: {@code pending} or {@code done}, and how many times it ran. */
    public record Job(String id, String state, long executions) {
        public boolean done() {
            return "done".equals(state);
        }
    }

    /**
     * What the results store and the queue say of the jobs enqueued since a moment: how many the service recorded,
     * how many ran at least once, never ({@code lost} when the queue is empty), more than once, and what the queue and
     * the unacknowledged hash still hold.
     */
    public record Audit(long jobs, long completed, long neverRan, long duplicated, long executions, long queued, long unacked) {

        /** Every job ran exactly once and nothing is left in the queue or unacknowledged. */
        public boolean exactlyOnce() {
            return jobs > 0 && neverRan == 0 && duplicated == 0 && queued == 0 && unacked == 0;
        }

        /** As a note on the timeline, read back by {@link #parse(String)}. */
        public String text() {
            return "jobs=" + jobs + " completed=" + completed + " never-ran=" + neverRan + " duplicated=" + duplicated
                    + " executions=" + executions + " queued=" + queued + " unacked=" + unacked;
        }

        /** The audit a note holds, or empty when it is not one. */
        public static Optional<Audit> parse(String text) {
            Matcher m = Pattern.compile("jobs=(\\d+) completed=(\\d+) never-ran=(\\d+) duplicated=(\\d+) executions=(\\d+)"
                    + " queued=(\\d+) unacked=(\\d+)").matcher(text == null ? "" : text);
            if (!m.find()) {
                return Optional.empty();
            }
            long[] v = new long[7];
            for (int i = 0; i < 7; i++) {
                v[i] = Long.parseLong(m.group(i + 1));
            }
            return Optional.of(new Audit(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
    }

    /** {@code POST /jobs} of a solve job of {@code size}: its id, or an IOException naming the answer when not accepted. */
    public static String enqueue(HttpClient http, URI base, int size, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/jobs")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\":" + size + "}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(r.body());
        if (r.statusCode() != 202 || !id.find()) {
            throw new IOException("POST /jobs answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return id.group(1);
    }

    /** {@code GET /jobs/{id}}: the job, or an IOException naming the answer. */
    public static Job result(HttpClient http, URI base, String id, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/jobs/" + id)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher state = STATE.matcher(r.body());
        Matcher executions = EXECUTIONS.matcher(r.body());
        if (r.statusCode() != 200 || !state.find() || !executions.find()) {
            throw new IOException("GET /jobs/" + id + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return new Job(id, state.group(1), Long.parseLong(executions.group(1)));
    }

    /** The number of messages waiting in the queue ({@code LLEN}). */
    public static long depth(Jedis redis, String queue) {
        return redis.llen(queue);
    }

    /** The messages workers took and have not acknowledged ({@code HLEN unacked}). */
    public static long unacked(Jedis redis) {
        return redis.hlen(UNACKED);
    }

    /** The database's clock now: the audit counts jobs from a moment of that clock. */
    public static Instant databaseNow(Connection session) throws SQLException {
        try (Statement statement = session.createStatement(); ResultSet row = statement.executeQuery("SELECT now()")) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    /**
     * The jobs recorded since {@code since} (the database's clock) with their executions, and the queue's state; the
     * service's tables missing (no job was ever enqueued) count as none.
     */
    public static Audit audit(Connection session, Jedis redis, String queue, Instant since) throws SQLException {
        long queued = depth(redis, queue);
        long unacked = unacked(redis);
        if (!tableExists(session, "jobs") || !tableExists(session, "job_executions")) {
            return new Audit(0, 0, 0, 0, 0, queued, unacked);
        }
        try (PreparedStatement select = session.prepareStatement(AUDIT)) {
            select.setTimestamp(1, java.sql.Timestamp.from(since));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Audit(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), queued, unacked);
            }
        }
    }

    private static boolean tableExists(Connection session, String table) throws SQLException {
        return Postgres.count(session, "SELECT count(*) FROM pg_tables WHERE tablename = ?", table) > 0;
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
