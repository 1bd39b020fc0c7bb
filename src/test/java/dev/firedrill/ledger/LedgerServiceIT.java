package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The ledger in-process against real PostgreSQL and Redis containers, reached through their mapped
 * ports on 127.0.0.1 (and through {@link TcpGate}s where a test cuts the path).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LedgerServiceIT {

    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** Fail fast = within the service's timeout plus scheduling slack on a busy machine, far from a hang. */
    private static final long FAIL_FAST_SLACK_MS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgreSQLContainer postgres;
    private static GenericContainer<?> redis;
    private static TcpGate postgresGate;
    private static TcpGate redisGate;

    private String prefix;

    @BeforeAll
    static void startContainers() throws Exception {
        postgres = new PostgreSQLContainer(DockerImageName.parse("firedrill/postgres:15").asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("ledger").withUsername("ledger").withPassword("secret")
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=60");
        redis = new GenericContainer<>(DockerImageName.parse("firedrill/redis:7")).withExposedPorts(6379);
        try {
            postgres.start();
            redis.start();
            postgresGate = new TcpGate(postgres.getMappedPort(5432));
            redisGate = new TcpGate(redis.getMappedPort(6379));
        } catch (RuntimeException e) {
            stopContainers();
            throw e;
        }
    }

    @AfterAll
    static void stopContainers() throws Exception {
        if (postgresGate != null) {
            postgresGate.close();
        }
        if (redisGate != null) {
            redisGate.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime() + "-";
    }

    private static String directUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getMappedPort(5432) + "/ledger";
    }

    private static LedgerConfig config(String dbUrl) {
        return LedgerConfig.of(dbUrl, "ledger", "secret")
                .withRedisUrl("redis://127.0.0.1:" + redis.getMappedPort(6379))
                .withPoolSize(3)
                .withDbTimeout(TIMEOUT)
                .withPorts(0, 0)
                .withRelease("A");
    }

    private static LedgerService start(UnaryOperator<LedgerConfig> adjust) {
        return LedgerService.start(adjust.apply(config(directUrl())));
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(directUrl(), "ledger", "secret");
    }

    private static long rows(String id) throws SQLException {
        try (Connection connection = database();
             var select = connection.prepareStatement("SELECT count(*) FROM entries WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> awaitReady(LedgerClient client, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        HttpResponse<String> ready = client.get("/ready");
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = client.get("/ready");
        }
        return ready;
    }

    @Test
    void acknowledgesAWriteOnceAndAnswersTheSameIdWithTheOriginalEntry() throws Exception {
        try (LedgerService ledger = start(c -> c)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            assertThat(awaitReady(client, Duration.ofSeconds(10)).body()).isEqualTo("{\"database\":\"ok\",\"cache\":\"ok\"}");

            HttpResponse<String> first = client.write(prefix + "1", "acc-7", 120);
            HttpResponse<String> again = client.write(prefix + "1", "acc-7", 120);

            assertThat(first.statusCode()).isEqualTo(201);
            JsonNode created = json(first);
            assertThat(created.fieldNames()).toIterable().containsExactly("id", "seq", "node");
            assertThat(created.get("node").asText()).matches("\\d+@[0-9a-f.:]+:5432");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json(again).get("seq").asLong()).isEqualTo(created.get("seq").asLong());
            assertThat(json(again).get("amount").asLong()).isEqualTo(120);
            assertThat(rows(prefix + "1")).isEqualTo(1);

            HttpResponse<String> version = client.get("/version");
            assertThat(json(version).get("release").asText()).isEqualTo("A");
            assertThat(json(version).get("node").asText()).isEqualTo(created.get("node").asText());
        }
    }

    @Test
    void triesEveryHostOfAMultiHostUrl() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + ",127.0.0.1:" + postgres.getMappedPort(5432)
                + "/ledger?targetServerType=primary";
        try (LedgerService ledger = LedgerService.start(config(url))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            assertThat(client.write(prefix + "1", "acc", 1).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void concurrentWritesOfOneIdCreateExactlyOneEntry() throws Exception {
        try (LedgerService ledger = start(c -> c.withPoolSize(8))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return client.write(prefix + "same", "acc", 1);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                seqs.add(json(response).get("seq").asLong());
            }
            pool.shutdown();

            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
            assertThat(seqs).containsOnly(seqs.get(0));
            assertThat(rows(prefix + "same")).isEqualTo(1);
        }
    }

    @Test
    void readsBackFromTheDatabaseInSequenceOrderAndFillsTheCache() throws Exception {
        try (LedgerService ledger = start(c -> c)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            long firstSeq = json(client.write(prefix + "a", "acc", 1)).get("seq").asLong();
            client.write(prefix + "b", "acc", 2);
            client.write(prefix + "c", "acc", 3);

            JsonNode page = json(client.get("/entries?after=" + (firstSeq - 1) + "&limit=2"));
            assertThat(page.get("entries")).hasSize(2);
            assertThat(page.get("entries").get(0).get("id").asText()).isEqualTo(prefix + "a");
            assertThat(page.get("entries").get(1).get("id").asText()).isEqualTo(prefix + "b");
            JsonNode next = json(client.get("/entries?after=" + page.get("next_after").asLong() + "&limit=1"));
            assertThat(next.get("entries").get(0).get("id").asText()).isEqualTo(prefix + "c");

            try (var jedis = new redis.clients.jedis.Jedis("127.0.0.1", redis.getMappedPort(6379))) {
                jedis.del(EntryCache.KEY_PREFIX + prefix + "b");
            }
            HttpResponse<String> fromDatabase = client.get("/entries/" + prefix + "b");
            assertThat(fromDatabase.statusCode()).isEqualTo(200);
            assertThat(fromDatabase.headers().firstValue("X-Served-From")).contains("database");
            HttpResponse<String> fromCache = client.get("/entries/" + prefix + "b");
            assertThat(fromCache.headers().firstValue("X-Served-From")).contains("cache");
            assertThat(json(fromCache).get("amount").asLong()).isEqualTo(2);
            assertThat(client.get("/entries/" + prefix + "absent").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void cachedEntriesExpireAfterTheTtlAndAReadThatMissesCachesThemAgain() throws Exception {
        Duration ttl = Duration.ofMillis(1500);
        try (LedgerService never = start(c -> c);
             LedgerService expiring = start(c -> c.withCacheTtl(ttl));
             var jedis = new redis.clients.jedis.Jedis("127.0.0.1", redis.getMappedPort(6379))) {
            new LedgerClient(never.httpPort()).write(prefix + "kept", "acc", 1);
            assertThat(jedis.pttl(EntryCache.KEY_PREFIX + prefix + "kept")).as("no TTL set: the key never expires").isEqualTo(-1);

            LedgerClient client = new LedgerClient(expiring.httpPort());
            String key = EntryCache.KEY_PREFIX + prefix + "a";
            client.write(prefix + "a", "acc", 1);
            assertThat(jedis.pttl(key)).as("PTTL right after the write").isBetween(1L, ttl.toMillis());
            assertThat(client.get("/entries/" + prefix + "a").headers().firstValue("X-Served-From")).contains("cache");
            long deadline = System.nanoTime() + ttl.multipliedBy(3).toNanos();
            while (jedis.exists(key) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(jedis.exists(key)).as("the key is gone once the TTL passed").isFalse();
            HttpResponse<String> missed = client.get("/entries/" + prefix + "a");
            assertThat(missed.statusCode()).isEqualTo(200);
            assertThat(missed.headers().firstValue("X-Served-From")).contains("database");
            assertThat(jedis.pttl(key)).as("cached again by the read, with the full TTL").isBetween(1L, ttl.toMillis());
            assertThat(client.get("/entries/" + prefix + "a").headers().firstValue("X-Served-From")).contains("cache");
        }
    }

    @Test
    void servesCachedReadsAndFailsWritesFastWhileTheDatabaseIsCutThenRecoversByItself() throws Exception {
        LedgerConfig config = config("jdbc:postgresql://127.0.0.1:" + postgresGate.port() + "/ledger");
        try (LedgerService ledger = LedgerService.start(config)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            assertThat(client.write(prefix + "cached", "acc", 9).statusCode()).isEqualTo(201);

            postgresGate.cut();
            try {
                HttpResponse<String> cached = client.get("/entries/" + prefix + "cached");
                assertThat(cached.statusCode()).isEqualTo(200);
                assertThat(cached.headers().firstValue("X-Served-From")).contains("cache");

                long started = System.nanoTime();
                HttpResponse<String> write = client.write(prefix + "during", "acc", 1);
                long writeMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(writeMs).isLessThan(TIMEOUT.toMillis() + FAIL_FAST_SLACK_MS);

                started = System.nanoTime();
                HttpResponse<String> ready = client.get("/ready");
                long readyMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("database").asText()).isEqualTo("connection refused");
                assertThat(json(ready).get("cache").asText()).isEqualTo("ok");
                assertThat(readyMs).isLessThan(TIMEOUT.toMillis() + FAIL_FAST_SLACK_MS);
                assertThat(client.get("/entries?after=0").statusCode()).isEqualTo(503);
                System.out.printf("database cut: write answered 503 in %d ms, /ready in %d ms%n", writeMs, readyMs);
                Thread.sleep(10_000); // as long as a drill's hold: long enough for any reconnect back-off to grow
            } finally {
                postgresGate.restore();
            }

            long restored = System.nanoTime();
            HttpResponse<String> write = client.write(prefix + "after", "acc", 1);
            while (write.statusCode() != 201 && System.nanoTime() - restored < TimeUnit.SECONDS.toNanos(20)) {
                Thread.sleep(50);
                write = client.write(prefix + "after", "acc", 1);
            }
            long recoveredMs = (System.nanoTime() - restored) / 1_000_000;
            System.out.printf("database restored: first acknowledged write after %d ms%n", recoveredMs);
            assertThat(write.statusCode()).isEqualTo(201);
            assertThat(recoveredMs).as("no reconnect back-off: recovered within seconds of the restore").isLessThan(5000);
            assertThat(awaitReady(client, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
            assertThat(rows(prefix + "during")).isZero();
        }
    }

    @Test
    void reportsATimeoutAndStaysFastWhileTheDatabaseIsPaused() throws Exception {
        try (LedgerService ledger = start(c -> c)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            client.write(prefix + "cached", "acc", 9);

            var docker = DockerClientFactory.instance().client();
            docker.pauseContainerCmd(postgres.getContainerId()).exec();
            try {
                assertThat(client.get("/entries/" + prefix + "cached").statusCode()).isEqualTo(200);

                long started = System.nanoTime();
                HttpResponse<String> write = client.write(prefix + "during", "acc", 1);
                long writeMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(json(write).get("reason").asText()).isEqualTo("timeout");

                started = System.nanoTime();
                HttpResponse<String> ready = client.get("/ready");
                long readyMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(json(ready).get("database").asText()).isEqualTo("timeout");
                System.out.printf("database paused: write answered 503 in %d ms, /ready in %d ms%n", writeMs, readyMs);
                assertThat(writeMs).isLessThan(TIMEOUT.toMillis() + FAIL_FAST_SLACK_MS);
                assertThat(readyMs).isLessThan(TIMEOUT.toMillis() + FAIL_FAST_SLACK_MS);
            } finally {
                docker.unpauseContainerCmd(postgres.getContainerId()).exec();
            }
            long resumed = System.nanoTime();
            assertThat(awaitReady(client, Duration.ofSeconds(15)).statusCode()).isEqualTo(200);
            System.out.printf("database unpaused: ready again after %d ms%n", (System.nanoTime() - resumed) / 1_000_000);
            assertThat(client.write(prefix + "after", "acc", 1).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void namesAnExhaustedPoolWhenEveryConnectionIsHeld() throws Exception {
        try (LedgerService ledger = start(c -> c.withPoolSize(1).withDbTimeout(Duration.ofMillis(4000)));
             Connection locker = database()) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE");
            }
            // One write holds the only connection (blocked by the lock), a second one waits for it.
            CompletableFuture<HttpResponse<String>> holder = writeAsync(client, prefix + "holder");
            Thread.sleep(300);
            CompletableFuture<HttpResponse<String>> waiter = writeAsync(client, prefix + "waiter");
            Thread.sleep(300);

            HttpResponse<String> ready = client.get("/ready");
            locker.rollback();

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("database").asText()).isEqualTo("pool exhausted");
            assertThat(holder.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(waiter.get(10, TimeUnit.SECONDS).statusCode()).isIn(201, 503);
            assertThat(client.get("/metrics").body()).contains("ledger_db_pool_max_connections 1");
        }
    }

    @Test
    void namesTooManyClientsWhenThePoolCannotReconnect() throws Exception {
        try (Connection admin = database(); Statement sql = admin.createStatement()) {
            sql.execute("DROP ROLE IF EXISTS limited_app");
            sql.execute("CREATE ROLE limited_app LOGIN PASSWORD 'limited'");
            sql.execute("GRANT CREATE, USAGE ON SCHEMA public TO limited_app");
            sql.execute("CREATE TABLE IF NOT EXISTS " + EntryStore.CREATE_TABLE.substring("CREATE TABLE IF NOT EXISTS ".length()));
            sql.execute("GRANT ALL ON entries TO limited_app");
            sql.execute("GRANT ALL ON SEQUENCE entries_seq_seq TO limited_app");
            LedgerConfig config = config(directUrl());
            config = new LedgerConfig(config.dbUrl(), "limited_app", "limited", 2, TIMEOUT, config.redisUrl(), "A", 0.0,
                    null, null, 0, 0, Duration.ofSeconds(5));
            try (LedgerService ledger = LedgerService.start(config)) {
                LedgerClient client = new LedgerClient(ledger.httpPort());
                assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);

                sql.execute("ALTER ROLE limited_app CONNECTION LIMIT 0");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'limited_app'");

                HttpResponse<String> ready = client.get("/ready");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!json(ready).get("database").asText().equals("too many clients") && System.nanoTime() < deadline) {
                    ready = client.get("/ready");
                }
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("database").asText()).isEqualTo("too many clients");
                assertThat(json(client.write(prefix + "refused", "acc", 1)).get("reason").asText()).isEqualTo("too many clients");

                sql.execute("ALTER ROLE limited_app CONNECTION LIMIT -1");
                long freed = System.nanoTime();
                assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
                System.out.printf("connection slots freed: ready again after %d ms%n", (System.nanoTime() - freed) / 1_000_000);
            } finally {
                sql.execute("ALTER ROLE limited_app CONNECTION LIMIT -1");
            }
        }
    }

    @Test
    void namesAReadOnlyServerFromReadinessAndFailedWrites() throws Exception {
        try (LedgerService ledger = start(c -> c); Connection admin = database(); Statement sql = admin.createStatement()) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            sql.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            sql.execute("SELECT pg_reload_conf()");
            try {
                Thread.sleep(300);
                HttpResponse<String> write = client.write(prefix + "refused", "acc", 1);
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(json(write).get("reason").asText()).isEqualTo("read-only");
                assertThat(json(client.get("/ready")).get("database").asText()).isEqualTo("read-only");
            } finally {
                sql.execute("ALTER SYSTEM RESET default_transaction_read_only");
                sql.execute("SELECT pg_reload_conf()");
            }
            Thread.sleep(300);
            assertThat(client.write(prefix + "accepted", "acc", 1).statusCode()).isEqualTo(201);
            assertThat(awaitReady(client, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failsWritesWithDiskFullWhileTheDataVolumeIsFullAndRecoversWhenSpaceIsFreed() throws Exception {
        // wal_level=minimal: tables created and filled in one transaction skip the WAL, so the data files
        // fill the volume and the server keeps running (no PANIC on a WAL segment it cannot create).
        try (PostgreSQLContainer small = new PostgreSQLContainer(
                DockerImageName.parse("firedrill/postgres:15").asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("ledger").withUsername("ledger").withPassword("secret")
                .withTmpFs(java.util.Map.of("/var/lib/postgresql/data", "rw,size=72m"))
                .withCommand("postgres", "-c", "fsync=off", "-c", "wal_level=minimal", "-c", "max_wal_senders=0")) {
            small.start();
            String url = "jdbc:postgresql://127.0.0.1:" + small.getMappedPort(5432) + "/ledger";
            try (LedgerService ledger = LedgerService.start(config(url));
                 Connection filler = DriverManager.getConnection(url, "ledger", "secret");
                 Statement sql = filler.createStatement()) {
                LedgerClient client = new LedgerClient(ledger.httpPort());
                assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
                List<String> acknowledged = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    assertThat(client.write(prefix + "before-" + i, "acc", i).statusCode()).isEqualTo(201);
                    acknowledged.add(prefix + "before-" + i);
                }
                int tables = 0;
                for (int[] chunk : new int[][] {{1000, 1000}, {1000, 100}, {100, 100}, {10, 100}}) {
                    for (boolean full = false; !full; tables++) {
                        try {
                            sql.execute("BEGIN; CREATE TABLE filler_" + tables + " AS SELECT repeat('x', " + chunk[1]
                                    + ") AS pad FROM generate_series(1, " + chunk[0] + "); COMMIT");
                        } catch (SQLException e) {
                            assertThat(e.getSQLState()).isEqualTo("53100");
                            sql.execute("ROLLBACK");
                            full = true;
                        }
                    }
                }

                HttpResponse<String> write = null;
                for (int i = 0; i < 2000; i++) {
                    write = client.write(prefix + i, "acc", i);
                    if (write.statusCode() != 201) {
                        break;
                    }
                    acknowledged.add(prefix + i);
                }
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(json(write).get("reason").asText()).isEqualTo("disk full");
                HttpResponse<String> ready = client.get("/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("database").asText()).isEqualTo("disk full");

                for (int i = 0; i < tables; i++) {
                    sql.execute("DROP TABLE IF EXISTS filler_" + i);
                }
                assertThat(client.write(prefix + "after", "acc", 1).statusCode()).isEqualTo(201);
                assertThat(awaitReady(client, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
                try (var count = filler.prepareStatement("SELECT count(*) FROM entries WHERE id = ANY (?)")) {
                    count.setArray(1, filler.createArrayOf("text", acknowledged.toArray()));
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        assertThat(row.getLong(1)).as("acknowledged writes present").isEqualTo(acknowledged.size());
                    }
                }
                System.out.printf("disk full: %d writes acknowledged in all, all present; writes answered 503 'disk full'%n",
                        acknowledged.size());
            }
        }
    }

    @Test
    void keepsWorkingFromTheDatabaseWhileTheCacheIsDown() throws Exception {
        LedgerConfig config = config(directUrl()).withRedisUrl("redis://127.0.0.1:" + redisGate.port());
        try (LedgerService ledger = LedgerService.start(config)) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            client.write(prefix + "before", "acc", 1);

            redisGate.cut();
            try {
                HttpResponse<String> ready = client.get("/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("database").asText()).isEqualTo("ok");
                assertThat(json(ready).get("cache").asText()).isEqualTo("connection refused");
                long started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertThat(client.write(prefix + "during-" + i, "acc", i).statusCode()).isEqualTo(201);
                    HttpResponse<String> read = client.get("/entries/" + prefix + "during-" + i);
                    assertThat(read.statusCode()).isEqualTo(200);
                    assertThat(read.headers().firstValue("X-Served-From")).contains("database");
                }
                System.out.printf("cache down: 20 writes and 20 reads in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            } finally {
                redisGate.restore();
            }
            long restored = System.nanoTime();
            assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            HttpResponse<String> read = client.get("/entries/" + prefix + "during-0");
            while (!read.headers().firstValue("X-Served-From").orElse("").equals("cache") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                read = client.get("/entries/" + prefix + "during-0");
            }
            assertThat(read.headers().firstValue("X-Served-From")).contains("cache");
            System.out.printf("cache restored: cache hits again after %d ms%n", (System.nanoTime() - restored) / 1_000_000);
            assertThat(client.get("/metrics").body()).containsPattern("ledger_cache_hits_total [1-9]");
        }
    }

    @Test
    void keepsAnsweringWhileCacheWritesFailForLackOfMemoryAndNamesIt() throws Exception {
        try (LedgerService ledger = start(c -> c);
             var admin = new redis.clients.jedis.Jedis("127.0.0.1", redis.getMappedPort(6379))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            assertThat(awaitReady(client, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            admin.configSet("maxmemory-policy", "noeviction");
            admin.configSet("maxmemory", "1");
            try {
                assertThat(client.write(prefix + "during", "acc", 1).statusCode()).isEqualTo(201);
                HttpResponse<String> ready = client.get("/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("cache").asText()).isEqualTo("out of memory");
                assertThat(json(ready).get("database").asText()).isEqualTo("ok");
                HttpResponse<String> read = client.get("/entries/" + prefix + "during");
                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(read.headers().firstValue("X-Served-From")).contains("database");
            } finally {
                admin.configSet("maxmemory", "0");
            }
            Thread.sleep(EntryCache.PAUSE_AFTER_FAILURE.toMillis() + 100);
            assertThat(client.write(prefix + "after", "acc", 1).statusCode()).isEqualTo(201);
            assertThat(awaitReady(client, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void namesTheServerThatCommittedEachWriteAcrossAFailover() throws Exception {
        try (PostgreSQLContainer standby = new PostgreSQLContainer(
                DockerImageName.parse("firedrill/postgres:15").asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("ledger").withUsername("ledger").withPassword("secret")
                .withCommand("postgres", "-c", "fsync=off");
             TcpGate proxy = new TcpGate(postgres.getMappedPort(5432))) {
            standby.start();
            try (LedgerService ledger = LedgerService.start(config("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/ledger"))) {
                LedgerClient client = new LedgerClient(ledger.httpPort());
                awaitReady(client, Duration.ofSeconds(10));
                String before = json(client.write(prefix + "before", "acc", 1)).get("node").asText();

                proxy.retarget(standby.getMappedPort(5432));
                long repointed = System.nanoTime();
                HttpResponse<String> write = client.write(prefix + "after", "acc", 1);
                while (write.statusCode() != 201 && System.nanoTime() - repointed < TimeUnit.SECONDS.toNanos(15)) {
                    Thread.sleep(50);
                    write = client.write(prefix + "after", "acc", 1);
                }
                System.out.printf("proxy repointed: first write acknowledged by the other server after %d ms%n",
                        (System.nanoTime() - repointed) / 1_000_000);

                assertThat(write.statusCode()).isEqualTo(201);
                String after = json(write).get("node").asText();
                assertThat(after).isNotEqualTo(before).matches("\\d+@[0-9a-f.:]+:5432");
                assertThat(after.substring(0, after.indexOf('@'))).isNotEqualTo(before.substring(0, before.indexOf('@')));
                assertThat(json(client.get("/version")).get("node").asText()).isEqualTo(after);
            }
        }
    }

    @Test
    void failsTheConfiguredShareOfEntryRequests() throws Exception {
        try (LedgerService ledger = LedgerService.start(config(directUrl()).withFailRate(0.3).withRelease("B"), new Random(11))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            int failed = 0;
            for (int i = 0; i < 200; i++) {
                int status = client.write(prefix + i, "acc", i).statusCode();
                assertThat(status).isIn(201, 500);
                if (status == 500) {
                    failed++;
                }
            }
            assertThat(failed).isBetween(40, 80);
            try (Connection connection = database();
                 var count = connection.prepareStatement("SELECT count(*) FROM entries WHERE id LIKE ?")) {
                count.setString(1, prefix + "%");
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    assertThat(row.getLong(1)).as("entries written: a failed request writes nothing").isEqualTo(200 - failed);
                }
            }
            assertThat(client.get("/health").statusCode()).isEqualTo(200);
            assertThat(client.get("/metrics").body())
                    .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"500\"} " + failed)
                    .contains("ledger_http_request_duration_seconds_count{method=\"POST\",route=\"/entries\"} 200")
                    .contains("ledger_release_info{release=\"B\"} 1");
        }
    }

    @Test
    void finishesAnInFlightWriteDuringShutdown() throws Exception {
        LedgerService ledger = start(c -> c.withDbTimeout(Duration.ofMillis(10_000)));
        try (Connection locker = database()) {
            LedgerClient client = new LedgerClient(ledger.httpPort());
            awaitReady(client, Duration.ofSeconds(10));
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<HttpResponse<String>> slow = writeAsync(client, prefix + "in-flight");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ledger.inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ledger.inFlight()).isEqualTo(1);

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(ledger::close);
            Thread.sleep(700);
            assertThat(shutdown).isNotDone();
            locker.commit(); // the write can go on now

            assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            shutdown.get(10, TimeUnit.SECONDS);
            assertThat(rows(prefix + "in-flight")).isEqualTo(1);
        } finally {
            ledger.close();
        }
    }

    @Test
    void servesHttpsBackedByTheDatabase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keystore = Keystores.create(dir.resolve("ledger.p12"), "ledger-it");
        try (LedgerService ledger = start(c -> c.withTls(keystore, Keystores.PASSWORD))) {
            var https = java.net.http.HttpClient.newBuilder().sslContext(Keystores.trustingClient()).build();
            HttpResponse<String> write = https.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("https://127.0.0.1:" + ledger.httpsPort() + "/entries"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"id\": \"" + prefix + "tls\", \"account\": \"acc\", \"amount\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).isEqualTo(201);
            assertThat(Keystores.servedSubject(ledger.httpsPort())).isEqualTo("CN=ledger-it");
        }
    }

    private static CompletableFuture<HttpResponse<String>> writeAsync(LedgerClient client, String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.write(id, "acc", 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
