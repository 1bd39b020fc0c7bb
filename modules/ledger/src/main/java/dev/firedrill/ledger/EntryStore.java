package dev.firedrill.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code entries} table behind a HikariCP pool: idempotent inserts, reads, read-back by sequence,
 * and the identity of the server that committed; every call is bounded by the configured timeout and
 * a database failure surfaces as {@link DatabaseUnavailableException} with a short reason, or as
 * {@link SchemaMismatchException} when the table lacks a column the release ({@link Release}) uses.
 */
final class EntryStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.database");

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS entries ("
            + "seq bigserial primary key, "
            + "id text unique not null, "
            + "account text, "
            + "amount bigint, "
            + "created_at timestamptz default now())";
    private static final String SELECT_NODE = "SELECT (SELECT system_identifier FROM pg_control_system())::text, "
            + "host(inet_server_addr()), inet_server_port()";
    /** PostgreSQL's SQLSTATE for a column the table does not have. */
    private static final String UNDEFINED_COLUMN = "42703";
    /** Causes a read-only readiness check cannot see; a failed write reveals them. */
    private static final Set<String> WRITE_REVEALED = Set.of(
            OutageReason.DISK_FULL, OutageReason.READ_ONLY, OutageReason.OUT_OF_MEMORY);
    /** Below this a query has no realistic chance; used when the pool took most of the budget. */
    private static final int MIN_NETWORK_TIMEOUT_MS = 250;
    /** How long one attempt of the pool to open a connection keeps retrying, and how often. */
    static final Duration RETRY_CONNECT_FOR = Duration.ofSeconds(30);
    static final Duration RETRY_CONNECT_EVERY = Duration.ofMillis(100);

    private final Release release;
    /** The statements of this release: the columns it writes and reads ({@link Release}). */
    private final String insert;
    private final String selectOne;
    private final String selectAfter;
    private final HikariDataSource pool;
    private final ConnectAttempts attempts;
    private final Duration timeout;
    private final int poolSize;
    /** Node identity per physical connection: a connection never changes server, a failover means new connections. */
    private final Map<Object, String> nodes = Collections.synchronizedMap(new WeakHashMap<>());
    private final RecentFailure writeFailures = new RecentFailure(Duration.ofSeconds(30), System::nanoTime);
    private final ExecutorService background;
    private CompletableFuture<DependencyStatus> runningCheck;
    private volatile String lastNode;
    private volatile String lastLoggedReason;
    private volatile boolean schemaReady;
    private volatile boolean closed;

    EntryStore(LedgerConfig config) {
        this.release = config.version();
        String read = "seq, account, amount" + (release.currency() ? ", currency" : "") + (release.createdAt() ? ", created_at" : "");
        this.insert = release.currency()
                ? "INSERT INTO entries (id, account, amount, currency) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING " + read
                : "INSERT INTO entries (id, account, amount) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING " + read;
        this.selectOne = "SELECT " + read + " FROM entries WHERE id = ?";
        this.selectAfter = "SELECT id, " + read + " FROM entries WHERE seq > ? ORDER BY seq LIMIT ?";
        this.timeout = config.dbTimeout();
        this.poolSize = config.poolSize();
        int timeoutSeconds = (int) Math.max(1, (config.dbTimeout().toMillis() + 999) / 1000);
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(config.dbUrl());
        if (config.dbUser() != null) {
            postgres.setUser(config.dbUser());
        }
        if (config.dbPassword() != null) {
            postgres.setPassword(config.dbPassword());
        }
        postgres.setConnectTimeout(timeoutSeconds);
        postgres.setLoginTimeout(timeoutSeconds);
        postgres.setSocketTimeout(timeoutSeconds);
        postgres.setTcpKeepAlive(true);
        postgres.setApplicationName("ledger");
        if (postgres.getOptions() == null) {
            // The server cancels what the client has stopped waiting for.
            postgres.setOptions("-c statement_timeout=" + config.dbTimeout().toMillis());
        }
        this.attempts = new ConnectAttempts(postgres, RETRY_CONNECT_FOR, RETRY_CONNECT_EVERY);

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ledger-db");
        hikari.setDataSource(attempts);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(config.poolSize());
        hikari.setConnectionTimeout(config.dbTimeout().toMillis());
        hikari.setValidationTimeout(Math.max(LedgerConfig.MIN_DB_TIMEOUT_MS, config.dbTimeout().toMillis() / 2));
        // Start even when the database is not up yet; the pool keeps trying in the background.
        hikari.setInitializationFailTimeout(-1);
        hikari.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        this.pool = new HikariDataSource(hikari);
        this.background = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ledger-db-background");
            thread.setDaemon(true);
            return thread;
        });
        background.execute(this::createSchemaUntilDone);
    }

    /** Inserts the entry in one transaction, or finds the one an earlier request with the same id committed. */
    Written insert(EntryRequest request) {
        long deadline = deadline();
        try {
            Written written = withSchema(() -> insertOnce(request, deadline));
            writeFailures.succeeded();
            return written;
        } catch (SQLException e) {
            RuntimeException failure = failure(e);
            if (failure instanceof DatabaseUnavailableException unavailable && WRITE_REVEALED.contains(unavailable.reason())) {
                writeFailures.failed(unavailable.reason());
            }
            throw failure;
        }
    }

    /** The entry with this id, read from the database. */
    Optional<Entry> find(String id) {
        long deadline = deadline();
        try {
            return withSchema(() -> {
                try (Connection connection = acquire(deadline);
                     PreparedStatement select = connection.prepareStatement(selectOne)) {
                    return selectOne(select, id);
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Up to {@code limit} entries with a sequence number above {@code seq}, in sequence order. */
    List<Entry> after(long seq, int limit) {
        long deadline = deadline();
        try {
            return withSchema(() -> {
                try (Connection connection = acquire(deadline);
                     PreparedStatement select = connection.prepareStatement(selectAfter)) {
                    select.setLong(1, seq);
                    select.setInt(2, limit);
                    List<Entry> entries = new ArrayList<>(Math.min(limit, 1024));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            entries.add(entry(rows.getString("id"), rows));
                        }
                    }
                    return entries;
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Marks the slow report's statement, so that pg_stat_activity shows which active queries are reports. */
    static final String SLOW_REPORT_MARK = "/* ledger slow report */";
    private static final String SLOW_REPORT = SLOW_REPORT_MARK + " SELECT count(*), coalesce(sum(amount), 0) FROM entries, pg_sleep(?)";

    /**
     * The slow report ({@code GET /reports/slow}): the number and total of the entries, computed on a pooled connection
     * by a statement that runs at least {@code length} ({@code pg_sleep}), a stand-in for a heavy reporting query. It is
     * the one statement allowed to outlast the configured timeout: its transaction lifts {@code statement_timeout}
     * ({@code SET LOCAL}) and its socket timeout covers {@code length}, so it holds its connection, active, until it
     * ends or is terminated. Acquiring the connection is bounded by the timeout as for every call.
     */
    long[] slowReport(Duration length) {
        long deadline = deadline();
        try (Connection connection = acquire(deadline)) {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, length.plus(timeout).toMillis()));
            connection.setAutoCommit(false);
            try (Statement lift = connection.createStatement()) {
                lift.execute("SET LOCAL statement_timeout = 0");
            }
            try (PreparedStatement report = connection.prepareStatement(SLOW_REPORT)) {
                report.setDouble(1, length.toMillis() / 1000.0);
                try (ResultSet row = report.executeQuery()) {
                    row.next();
                    long[] answer = {row.getLong(1), row.getLong(2)};
                    connection.commit();
                    return answer;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Work on one connection of the pool. */
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection within the configured timeout, as the entries' own statements run: a
     * failure becomes the same 503 ({@link DatabaseUnavailableException}). For the service's other tables ({@link Jobs}).
     */
    <T> T withConnection(ConnectionWork<T> work) {
        try (Connection connection = acquire(deadline())) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The server the pool currently reaches, or the last one seen when the database does not answer. */
    Optional<String> node() {
        try (Connection connection = acquire(deadline())) {
            return Optional.of(nodeOf(connection));
        } catch (SQLException e) {
            return Optional.ofNullable(lastNode);
        }
    }

    /** Readiness: a pooled connection answers within the budget, the server accepts writes, and the last write did not fail. */
    DependencyStatus check(Duration budget) {
        if (pool().exhausted()) {
            return DependencyStatus.down(OutageReason.POOL_EXHAUSTED);
        }
        DependencyStatus status;
        try {
            status = runningCheck().get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            status = DependencyStatus.down(poolTimeoutReason(null));
        } catch (ExecutionException e) {
            status = DependencyStatus.down(OutageReason.of(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = DependencyStatus.down("interrupted");
        }
        if (status.isOk()) {
            return writeFailures.reason().map(DependencyStatus::down).orElse(status);
        }
        return status;
    }

    PoolSnapshot pool() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return PoolSnapshot.NOT_STARTED;
        }
        return new PoolSnapshot(bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(), bean.getTotalConnections(), poolSize);
    }

    boolean schemaReady() {
        return schemaReady;
    }

    @Override
    public void close() {
        closed = true;
        attempts.stop();
        background.shutdownNow();
        pool.close();
    }

    /** One check at a time: callers arriving while one runs share its answer instead of piling up threads. */
    private synchronized CompletableFuture<DependencyStatus> runningCheck() {
        if (runningCheck == null || runningCheck.isDone()) {
            runningCheck = CompletableFuture.supplyAsync(this::checkNow, background);
        }
        return runningCheck;
    }

    private DependencyStatus checkNow() {
        long deadline = deadline();
        DependencyStatus status = checkOnce(deadline);
        // Each idle pooled connection may have died with the old path; the pool drops one per failed
        // check, so ask again (at most once per pooled connection) what a connection made now runs
        // into: refused, timeout, or nothing at all.
        for (int retry = 0; retry < poolSize
                && status.reason().equals(OutageReason.CONNECTION_LOST)
                && System.nanoTime() < deadline; retry++) {
            status = checkOnce(deadline);
        }
        return status;
    }

    private DependencyStatus checkOnce(long deadline) {
        try (Connection connection = acquire(deadline)) {
            nodeOf(connection);
            if (!schemaReady) {
                createSchema(connection);
            }
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SHOW transaction_read_only")) {
                row.next();
                return "on".equals(row.getString(1)) ? DependencyStatus.down(OutageReason.READ_ONLY) : DependencyStatus.OK;
            }
        } catch (SQLException e) {
            return DependencyStatus.down(reason(e));
        }
    }

    /**
     * One statement in autocommit mode is one transaction: its answer arrives only after the commit
     * (and, with synchronous replication, after the standby confirmed it), in a single round trip.
     */
    private Written insertOnce(EntryRequest request, long deadline) throws SQLException {
        try (Connection connection = acquire(deadline)) {
            String node = nodeOf(connection);
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, request.id());
                statement.setString(2, request.account());
                statement.setLong(3, request.amount());
                if (release.currency()) {
                    statement.setString(4, request.currency());
                }
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return new Written(entry(request.id(), row), node, true);
                    }
                }
            }
            // ON CONFLICT waited for the other transaction with this id to commit: its row is visible now.
            try (PreparedStatement select = connection.prepareStatement(selectOne)) {
                Entry entry = selectOne(select, request.id()).orElseThrow(() -> new SQLException(
                        "entry '" + request.id() + "' conflicted but could not be read back", "40001"));
                return new Written(entry, node, false);
            }
        }
    }

    private Optional<Entry> selectOne(PreparedStatement select, String id) throws SQLException {
        select.setString(1, id);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(entry(id, row));
        }
    }

    /** The entry of the current row, with the columns this release reads. */
    private Entry entry(String id, ResultSet row) throws SQLException {
        return new Entry(id, row.getLong("seq"), row.getString("account"), row.getLong("amount"),
                release.currency() ? row.getString("currency") : null,
                release.createdAt() ? instant(row.getObject("created_at", OffsetDateTime.class)) : null);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs the work, creating the table first when the server turns out not to have it (a fresh or restored server). */
    private <T> T withSchema(SqlWork<T> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
            schemaReady = false;
            try (Connection connection = pool.getConnection()) {
                createSchema(connection);
            }
            return work.run();
        }
    }

    private Connection acquire(long deadline) throws SQLException {
        Connection connection = pool.getConnection();
        try {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(MIN_NETWORK_TIMEOUT_MS, remainingMs));
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private String nodeOf(Connection connection) throws SQLException {
        Object physical = connection.unwrap(PGConnection.class);
        String node = nodes.get(physical);
        if (node == null) {
            node = lookUpNode(connection);
            nodes.put(physical, node);
        }
        lastNode = node;
        return node;
    }

    private static String lookUpNode(Connection connection) throws SQLException {
        boolean transaction = !connection.getAutoCommit();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(SELECT_NODE)) {
            row.next();
            String address = row.getString(2);
            int port = row.getInt(3);
            return row.getString(1) + "@" + (address == null ? "local" : address + ":" + port);
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState()) || transaction) {
                throw e;
            }
            // pg_control_system() not granted to this user: fall back to the address alone.
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT host(inet_server_addr()), inet_server_port()")) {
                row.next();
                return "unknown@" + row.getString(1) + ":" + row.getInt(2);
            }
        }
    }

    private void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            // Two instances creating the table at once: the loser sees a duplicate, which is fine.
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        if (!schemaReady) {
            LOG.log(System.Logger.Level.INFO, "table entries is ready");
        }
        schemaReady = true;
    }

    private void createSchemaUntilDone() {
        String logged = null;
        while (!closed && !schemaReady) {
            try (Connection connection = pool.getConnection()) {
                createSchema(connection);
            } catch (SQLException e) {
                String reason = reason(e);
                if (!reason.equals(logged)) {
                    logged = reason;
                    LOG.log(System.Logger.Level.WARNING, "database not ready, table entries not created yet: "
                            + reason + "; retrying every 500 ms");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * The database failure as the answer it becomes: a 500 naming the column when the schema lacks one this release
     * uses (new code on an old schema, or old code after a destructive migration), else a 503 with a short reason.
     */
    private RuntimeException failure(SQLException e) {
        if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
            return new SchemaMismatchException(release, e);
        }
        String reason = reason(e);
        if (!reason.equals(lastLoggedReason)) {
            // Once per change of cause, so an outage does not flood the log.
            lastLoggedReason = reason;
            LOG.log(System.Logger.Level.WARNING, "database unavailable (" + reason + "): " + chain(e));
        }
        return new DatabaseUnavailableException(reason, e);
    }

    private static String chain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                text.append(" [SQLSTATE ").append(sql.getSQLState()).append(']');
            }
        }
        return text.toString();
    }

    /** The reason, telling a pool that is merely busy apart from a pool that cannot reach the server. */
    private String reason(SQLException e) {
        if (OutageReason.isPoolTimeout(e)) {
            return poolTimeoutReason(e.getCause());
        }
        return OutageReason.of(e);
    }

    /**
     * Why no connection came in time: the latest failed attempt to open one says most (refused, too
     * many clients); the pool's own cause is often only a validation failure of a connection that died
     * earlier; with neither, either every connection is lent out or opening one hangs.
     */
    private String poolTimeoutReason(Throwable poolCause) {
        Optional<SQLException> connectFailure = attempts.lastFailure();
        if (connectFailure.isPresent()) {
            return OutageReason.of(connectFailure.get());
        }
        if (poolCause != null) {
            String reason = OutageReason.of(poolCause);
            if (!reason.equals(OutageReason.CONNECTION_LOST)) {
                return reason;
            }
        }
        return pool().active() >= poolSize ? OutageReason.POOL_EXHAUSTED : OutageReason.TIMEOUT;
    }

    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
