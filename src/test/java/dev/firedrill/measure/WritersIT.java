package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.HarnessClock;
import dev.firedrill.LedgerReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;

/** The JDBC canary and Redis key writers against real PostgreSQL and Redis, through real failures. */
class WritersIT {

    private static final WriterSettings FAST = WriterSettings.defaults().withInterval(Duration.ofMillis(20))
            .withRequestTimeout(Duration.ofSeconds(2));

    private static PostgreSQLContainer postgres;
    private static GenericContainer<?> redis;

    @BeforeAll
    static void start() {
        postgres = new PostgreSQLContainer(
                DockerImageName.parse("firedrill/postgres:15").asCompatibleSubstituteFor("postgres"));
        postgres.start();
        redis = new GenericContainer<>(DockerImageName.parse("firedrill/redis:7")).withExposedPorts(6379)
                .waitingFor(Wait.forListeningPort());
        redis.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static long count(OperationLedger ledger, Outcome outcome) {
        return ledger.records().stream().filter(r -> r.outcome() == outcome).count();
    }

    @Test
    void canaryWriterSurvivesATerminatedConnectionAndLosesNothing() throws Exception {
        try (JdbcCanaryWriter canary = new JdbcCanaryWriter(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword(), HarnessClock.system(), FAST)) {
            canary.start();
            OperationLedger ledger = canary.ledger();
            await("10 committed canary rows").atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= 10);
            try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                    postgres.getPassword()); Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE application_name = 'firedrill-canary'");
            }
            await("a write that lost its connection").atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger, Outcome.INDETERMINATE) + count(ledger, Outcome.FAILED) >= 1);
            long acked = count(ledger, Outcome.ACKNOWLEDGED);
            await("10 more committed rows after reconnecting").atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= acked + 10);
            canary.stop();

            LedgerReport r = LedgerAnalysis.of(null).analyse(ledger.records(), canary.readBack());
            assertThat(r.lost()).isEmpty();
            assertThat(r.unexpected()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.acknowledged()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void serviceWriterReadsBackItsOwnEntriesStraightFromTheDatabase() throws Exception {
        ServiceWriter writer = new ServiceWriter(java.net.URI.create("http://127.0.0.1:1"), HarnessClock.system());
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS entries (seq bigserial PRIMARY KEY, id text UNIQUE NOT NULL, "
                    + "account text, amount bigint, created_at timestamptz DEFAULT now())");
            s.execute("INSERT INTO entries (id, account, amount) VALUES ('" + writer.entryId(1) + "', 'a', 1), ('"
                    + writer.entryId(2) + "', 'a', 2), ('fdw-other-3', 'a', 3), ('" + writer.idPrefix()
                    + "x', 'a', 4)");
        }
        ReadBack readBack = writer.readBackFromDatabase(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword());
        writer.close();
        assertThat(readBack.size()).isEqualTo(3);
        assertThat(readBack.count(1)).isEqualTo(1);
        assertThat(readBack.count(2)).isEqualTo(1);
        assertThat(readBack.count(-1)).isEqualTo(1); // an id with the prefix that is not a number: unexpected
    }

    @Test
    void redisWriterRecordsOutOfMemoryRepliesAsDefiniteFailures() {
        String host = redis.getHost();
        int port = redis.getMappedPort(6379);
        try (RedisKeyWriter keys = new RedisKeyWriter(host, port, HarnessClock.system(), FAST);
                Jedis admin = new Jedis(host, port)) {
            keys.start();
            OperationLedger ledger = keys.ledger();
            await("10 keys set").atMost(Duration.ofSeconds(20)).until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= 10);
            admin.configSet("maxmemory-policy", "noeviction");
            admin.configSet("maxmemory", "1");
            await("3 writes refused for memory").atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger, Outcome.FAILED) >= 3);
            admin.configSet("maxmemory", "0");
            long acked = count(ledger, Outcome.ACKNOWLEDGED);
            await("10 more keys set").atMost(Duration.ofSeconds(20))
                    .until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= acked + 10);
            keys.stop();

            assertThat(ledger.records()).filteredOn(o -> o.outcome() == Outcome.FAILED)
                    .extracting(OperationRecord::reason).anyMatch(reason -> reason.contains("OOM"));
            LedgerReport r = LedgerAnalysis.of(null).analyse(ledger.records(), keys.readBack());
            assertThat(r.lost()).isEmpty();
            assertThat(r.failedButPresent()).isZero();
            assertThat(r.unexpected()).isZero();
        }
    }
}
