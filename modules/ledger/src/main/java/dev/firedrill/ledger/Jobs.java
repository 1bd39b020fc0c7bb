package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Slow work handed to the solver worker (docs/reference-service.md, "Jobs"): a job is recorded in the table {@code jobs}
 * and then put on the Celery queue in Redis as a {@code solve} task ({@link CeleryMessage}), its id being the task's;
 * the worker records each execution in {@code job_executions}, one row per run, so a job run twice has two rows.
 * The result is read from those tables, never from Redis: the database is the results store.
 *
 * <p>The job is recorded before it is queued, so a job the queue holds is always known to the service; when the push
 * fails the record is removed again and the client is told the job was not accepted.
 */
final class Jobs implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.jobs");
    static final String TASK = "solve";
    /** Rounds of SHA-256 a job computes unless the request says: about 50 ms of one idle core. */
    static final int DEFAULT_SIZE = 50_000;
    static final int MAX_SIZE = 10_000_000;
    static final String CREATE_JOBS = "CREATE TABLE IF NOT EXISTS jobs ("
            + "id text PRIMARY KEY, task text NOT NULL, size integer NOT NULL, enqueued_at timestamptz NOT NULL DEFAULT now())";
    /** The same table the worker creates (images/worker/solver.py); no unique constraint on job_id: duplicates must show. */
    static final String CREATE_EXECUTIONS = "CREATE TABLE IF NOT EXISTS job_executions ("
            + "seq bigserial PRIMARY KEY, job_id text NOT NULL, worker text NOT NULL, started_at timestamptz NOT NULL, "
            + "finished_at timestamptz NOT NULL, result text NOT NULL)";
    private static final String RESULT = "SELECT j.size, j.enqueued_at, count(e.seq), min(e.finished_at), "
            + "(array_agg(e.result ORDER BY e.seq))[1] FROM jobs j LEFT JOIN job_executions e ON e.job_id = j.id "
            + "WHERE j.id = ? GROUP BY j.id";

    private final EntryStore store;
    /** null: no Redis configured, jobs are refused. */
    private final JedisPool redis;
    private final ObjectMapper json;
    private final String origin;
    private volatile boolean tablesReady;

    private Jobs(EntryStore store, JedisPool redis, ObjectMapper json, String origin) {
        this.store = store;
        this.redis = redis;
        this.json = json;
        this.origin = origin;
    }

    /** Jobs queued on the Redis at {@code redisUrl} (the broker; null: none, jobs are refused), recorded in {@code store}'s database. */
    static Jobs connect(EntryStore store, String redisUrl, Duration timeout, ObjectMapper json) {
        if (redisUrl == null) {
            return new Jobs(store, null, json, "ledger");
        }
        int timeoutMs = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(16);
        config.setMaxWait(timeout);
        config.setJmxEnabled(false);
        String host = System.getenv().getOrDefault("HOSTNAME", "ledger");
        return new Jobs(store, new JedisPool(config, URI.create(redisUrl), timeoutMs, timeoutMs), json, "ledger@" + host);
    }

    /** A job size from a request body's {@code size}, or the default; a bad one is the client's error. */
    static int size(Object requested) {
        if (requested == null) {
            return DEFAULT_SIZE;
        }
        if (requested instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1 && n.longValue() <= MAX_SIZE) {
            return n.intValue();
        }
        throw new InvalidRequestException("field 'size'=" + requested + " is not valid: expected a whole number from 1 to "
                + MAX_SIZE + " (rounds of SHA-256 the job computes; default " + DEFAULT_SIZE + ")");
    }

    /**
     * Records a {@code solve} job of {@code size} and queues it; answers its id. Throws {@link QueueUnavailableException}
     * when the queue refused it (the job is then not recorded either).
     */
    String enqueue(int size) {
        if (redis == null) {
            throw new QueueUnavailableException("no broker configured (LEDGER_REDIS_URL is not set)", null);
        }
        String id = UUID.randomUUID().toString();
        store.withConnection(connection -> {
            ensureTables(connection);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, task, size) VALUES (?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, TASK);
                insert.setInt(3, size);
                insert.executeUpdate();
            }
            return null;
        });
        String message = new CeleryMessage(TASK, id, List.of(size), CeleryMessage.DEFAULT_QUEUE).envelope(json, origin);
        try (Jedis jedis = redis.getResource()) {
            jedis.lpush(CeleryMessage.DEFAULT_QUEUE, message);
        } catch (RuntimeException e) {
            forget(id);
            throw new QueueUnavailableException(OutageReason.of(e), e);
        }
        return id;
    }

    /** The job's state and result as the results store has them, or empty for an unknown id. */
    Optional<Map<String, Object>> result(String id) {
        return store.withConnection(connection -> {
            ensureTables(connection);
            try (PreparedStatement select = connection.prepareStatement(RESULT)) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    long executions = row.getLong(3);
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("id", id);
                    answer.put("task", TASK);
                    answer.put("size", row.getInt(1));
                    answer.put("state", executions > 0 ? "done" : "pending");
                    answer.put("executions", executions);
                    answer.put("enqueued_at", text(row.getObject(2, OffsetDateTime.class)));
                    answer.put("finished_at", text(row.getObject(4, OffsetDateTime.class)));
                    answer.put("result", row.getString(5));
                    return Optional.of(answer);
                }
            }
        });
    }

    private void forget(String id) {
        try {
            store.withConnection(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
                    delete.setString(1, id);
                    return delete.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "job " + id + " was not queued and its record could not be removed: " + e.getMessage());
        }
    }

    private void ensureTables(Connection connection) throws SQLException {
        if (tablesReady) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_JOBS);
            statement.execute(CREATE_EXECUTIONS);
        } catch (SQLException e) {
            // Two instances (or the worker) creating a table at once: the loser sees a duplicate, which is fine.
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        tablesReady = true;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** The queue did not take the job (answered 503). */
    static final class QueueUnavailableException extends RuntimeException {
        private final String reason;

        QueueUnavailableException(String reason, Throwable cause) {
            super("job queue unavailable: " + reason + "; the job was not accepted", cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
