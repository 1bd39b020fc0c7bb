package dev.firedrill.measure;

import dev.firedrill.LedgerReport;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.Optional;

/**
 * Entry class of the workloads a drill accounts for, operation by operation.
 *
 * <p>Example: {@code Drill.builder("D01", "API service down").workload(Workloads.ledgerWriter())}
 */
public final class Workloads {

    private Workloads() {
    }

    /**
     * Steady writes through the reference service ({@code ledger:8080}), judged as data that must
     * survive, read back straight from the {@code postgres} service's {@code entries} table.
     */
    public static Workload ledgerWriter() {
        return ledgerWriter(LedgerAnalysis.RestoreMode.NONE);
    }

    /** As {@link #ledgerWriter()}, judged with {@code mode} (restore drills: BACKUP or POINT_IN_TIME). */
    public static Workload ledgerWriter(LedgerAnalysis.RestoreMode mode) {
        return ledgerWriter(mode, WriterSettings.defaults());
    }

    /**
     * As {@link #ledgerWriter(LedgerAnalysis.RestoreMode)}, writing with {@code settings} (e.g. a request timeout longer
     * than the service's own database timeout, so that the service, not the client, ends a stalled write).
     */
    public static Workload ledgerWriter(LedgerAnalysis.RestoreMode mode, WriterSettings settings) {
        java.util.Objects.requireNonNull(settings, "writer settings must not be null; use WriterSettings.defaults()");
        return of("writes through ledger:8080", mode, (system, timeline) -> {
            ServiceWriter writer = new ServiceWriter(system.endpoint("ledger", 8080).httpUri(), timeline.clock(), settings);
            return new DatabaseReadBack(writer, system, "postgres");
        });
    }

    /** Steady writes through a service speaking the ledger contract, read back through its API, judged with {@code mode}. */
    public static Workload serviceWriter(String service, int port, LedgerAnalysis.RestoreMode mode) {
        return of("writes through " + service + ":" + port, mode,
                (system, timeline) -> Writers.service(system.endpoint(service, port).httpUri(), timeline.clock()));
    }

    /**
     * Keys set straight into a Redis service ({@code SET}, every 100 ms, through the fault proxy when one
     * fronts it), read back with SCAN, judged with {@code mode} (a snapshot restore, D12: BACKUP).
     */
    public static Workload redisKeys(String service, LedgerAnalysis.RestoreMode mode) {
        return of("keys into " + service + ":6379", mode, (system, timeline) -> {
            dev.firedrill.Endpoint endpoint = system.endpoint(service, 6379);
            return Writers.redisKeys(endpoint.host(), endpoint.port(), timeline.clock());
        });
    }

    /**
     * Canary rows written straight into a PostgreSQL database with JDBC ({@link JdbcCanaryWriter}): any database that
     * speaks the PostgreSQL protocol on {@code service:port} (the server itself, a pooler, a load balancer routing to the
     * current primary), through the fault proxy when one fronts it; read back from the same place once the drill ends.
     *
     * @param login who writes: the user, password and database; {@link SqlLogin#of} reads them from a PostgreSQL
     *              service's environment where the drill does not give them
     */
    public static Workload sqlCanary(String service, int port, String table, java.util.function.Function<SystemUnderTest, SqlLogin> login,
            LedgerAnalysis.RestoreMode mode, WriterSettings settings) {
        JdbcCanaryWriter.requireTableName(table);
        return of("canary rows into " + service + ":" + port + " (" + table + ")", mode, (system, timeline) -> {
            SqlLogin l = login.apply(system);
            return new JdbcCanaryWriter(clientUrl(system, service, port, l), l.user(), l.password(), timeline.clock(), settings, table);
        });
    }

    /**
     * The URL clients reach {@code service:port} by: the system's own for a PostgreSQL service it knows (with the database
     * its endpoints name) unless the login names a database; otherwise the endpoint with the login's database, else the user's.
     */
    private static String clientUrl(SystemUnderTest system, String service, int port, SqlLogin login) {
        var sessions = system.capability(dev.firedrill.capability.SqlSessions.class).filter(s -> s.databases().contains(service));
        if (login.database() == null && sessions.isPresent()) {
            return sessions.get().clientUrl(service, port);
        }
        return system.endpoint(service, port).jdbcPostgres(login.database() != null ? login.database() : login.user());
    }

    /** Who a SQL writer logs in as. */
    public record SqlLogin(String user, String password, String database) {

        /**
         * {@code POSTGRES_USER} (default postgres), {@code POSTGRES_PASSWORD} (default none) and {@code POSTGRES_DB} (default
         * none: the database the system's endpoints name, else the user's) of {@code service}'s environment, each replaced
         * by the given value when not null.
         */
        public static SqlLogin of(SystemUnderTest system, String service, String user, String password, String database) {
            Map<String, String> env = system.environment(service);
            return new SqlLogin(user != null ? user : env.getOrDefault("POSTGRES_USER", "postgres"),
                    password != null ? password : env.getOrDefault("POSTGRES_PASSWORD", ""), database != null ? database : env.get("POSTGRES_DB"));
        }
    }

    /**
     * Keys set into the primary of a Sentinel-monitored Redis, whichever node that is ({@link RedisSentinelWriter}: the
     * {@code sentinels}, services on port 26379, name the primary of {@code master}; asked again after a write fails),
     * read back with SCAN from the primary they name at the end, judged with {@code mode}. Acknowledged writes an old
     * primary had and the new one never got (not yet replicated when it died, or accepted while it was cut off from the
     * Sentinels) count as lost.
     */
    public static Workload redisSentinelKeys(List<String> sentinels, String master, LedgerAnalysis.RestoreMode mode) {
        return redisSentinelKeys(sentinels, master, mode, SentinelPrimary.Asking.AFTER_A_FAILURE);
    }

    /** As {@link #redisSentinelKeys(List, String, LedgerAnalysis.RestoreMode)}, asking the Sentinels as {@code asking} says. */
    public static Workload redisSentinelKeys(List<String> sentinels, String master, LedgerAnalysis.RestoreMode mode,
            SentinelPrimary.Asking asking) {
        SentinelPrimary.requireNamed(sentinels, master);
        List<String> asked = List.copyOf(sentinels);
        java.util.Objects.requireNonNull(asking, "asking must not be null");
        return of("keys into the primary of " + master + " (Sentinels " + String.join(", ", asked) + ")"
                        + (asking == SentinelPrimary.Asking.BEFORE_EVERY_WRITE ? ", asked before every write" : ""), mode,
                (system, timeline) -> Writers.redisSentinelKeys(new SentinelPrimary(system, asked, master), asking, timeline.clock()));
    }

    /** A workload around any {@link SteadyWriter}, created when the drill starts. */
    public static Workload of(String name, LedgerAnalysis.RestoreMode mode,
            java.util.function.BiFunction<SystemUnderTest, Timeline, SteadyWriter> factory) {
        return new WriterWorkload(name, mode, factory, Duration.ZERO);
    }

    /**
     * {@code writer} (a workload of {@link #of} or the factories above) judged with {@code mode}, and running at least
     * {@code warmUp} before the first fault ({@link Workload#warmUp()}).
     */
    public static Workload configured(Workload writer, LedgerAnalysis.RestoreMode mode, Duration warmUp) {
        if (!(writer instanceof WriterWorkload w)) {
            throw new IllegalArgumentException("'" + writer.name() + "' is no writer of Workloads: only a writer is judged with a restore mode");
        }
        if (warmUp == null || warmUp.isNegative()) {
            throw new IllegalArgumentException("the warm-up of '" + writer.name() + "' must be zero or more, got " + warmUp);
        }
        return new WriterWorkload(w.name, mode, w.factory, warmUp);
    }

    /** How a writer workload's losses are judged ({@code NONE}, {@code BACKUP}, {@code POINT_IN_TIME}); empty for other workloads. */
    public static Optional<LedgerAnalysis.RestoreMode> restoreMode(Workload workload) {
        return workload instanceof WriterWorkload w ? Optional.of(w.mode) : Optional.empty();
    }

    private static final class WriterWorkload implements Workload {
        private final String name;
        private final LedgerAnalysis.RestoreMode mode;
        private final java.util.function.BiFunction<SystemUnderTest, Timeline, SteadyWriter> factory;
        private final Duration warmUp;

        WriterWorkload(String name, LedgerAnalysis.RestoreMode mode, java.util.function.BiFunction<SystemUnderTest, Timeline, SteadyWriter> factory,
                Duration warmUp) {
            this.name = name;
            this.mode = java.util.Objects.requireNonNull(mode, "restore mode");
            this.factory = factory;
            this.warmUp = warmUp;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration warmUp() {
            return warmUp;
        }

        @Override
        public Running start(SystemUnderTest system, Timeline timeline) {
            SteadyWriter writer = factory.apply(system, timeline);
            writer.start();
            return new RunningWriter(name, writer, mode);
        }
    }

    private static final Duration READ_BACK_BOUND = Duration.ofSeconds(60);

    /** A service writer whose read-back bypasses the service: straight from the database (docs/measurements.md). */
    private record DatabaseReadBack(ServiceWriter writer, SystemUnderTest system, String database) implements SteadyWriter {
        @Override
        public String name() {
            return writer.name();
        }

        @Override
        public OperationLedger ledger() {
            return writer.ledger();
        }

        @Override
        public void start() {
            writer.start();
        }

        @Override
        public void stop() {
            writer.stop();
        }

        @Override
        public ReadBack readBack() {
            Map<String, String> env = system.environment(database);
            String user = env.getOrDefault("POSTGRES_USER", "postgres");
            return writer.readBackFromDatabase(system.endpoint(database, 5432).jdbcPostgres(env.getOrDefault("POSTGRES_DB", user)),
                    user, env.getOrDefault("POSTGRES_PASSWORD", ""));
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    private record RunningWriter(String name, SteadyWriter writer, LedgerAnalysis.RestoreMode mode) implements Workload.Running {

        @Override
        public void stop() {
            writer.stop();
        }

        /** Reads back (retrying, bounded: the store may just have come back) and judges every operation. */
        @Override
        public LedgerReport report(Timeline timeline) {
            AtomicReference<ReadBack> readBack = new AtomicReference<>();
            try {
                Awaitility.await("read back " + writer.name()).atMost(READ_BACK_BOUND).pollInterval(Duration.ofMillis(500))
                        .ignoreException(MeasurementException.class)
                        .until(() -> {
                            readBack.set(writer.readBack());
                            return true;
                        });
            } catch (ConditionTimeoutException e) {
                writer.readBack();   // the last attempt's error names the store and the step
            }
            return LedgerAnalysis.fromTimeline(timeline, mode).analyse(writer.ledger(), readBack.get());
        }

        @Override
        public Optional<Path> export(Path folder) {
            String file = "ledger-" + name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".jsonl";
            return Optional.of(writer.ledger().exportJsonLines(folder.resolve(file)));
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
