package dev.firedrill.fault;

import dev.firedrill.Injection;
import dev.firedrill.access.Postgres;
import dev.firedrill.access.Redis;
import dev.firedrill.access.RedisClient;
import dev.firedrill.access.RedisConsoles;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.recovery.TerminateLongQueries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pool faults and their fixes on the real reference stack: long-running-queries and terminate-long-queries
 * (PostgreSQL, the service's own pool), redis-client-exhaustion and redis-client-kill.
 */
@Timeout(120)
class PoolPressureIT {

    private static final String ACTIVE_REPORTS = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'ledger'"
            + " AND starts_with(query, '/* ledger slow report */')";

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = ReferenceStack.start();
        await("ledger writes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.postEntry(stack, "warm-" + UUID.randomUUID()).startsWith("201"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theServicesOwnPoolIsHeldByActiveQueriesUntilTheRunbooksQueryTerminatesThem() throws Exception {
        try (Injection fault = Faults.longRunningQueries("postgres", "ledger", 10).inject(stack);
             Connection dba = stack.sql().connect("postgres", "firedrill-it")) {
            assertThat(Postgres.count(dba, ACTIVE_REPORTS)).as("the service's own sessions run the reports, active").isEqualTo(10);
            assertThat(ReferenceStack.postEntry(stack, "it-" + UUID.randomUUID())).as("a write waits for a pooled connection in vain")
                    .startsWith("503").contains("pool exhausted");

            TerminateLongQueries tooLong = new TerminateLongQueries("postgres", Duration.ofMinutes(5), Optional.empty());
            assertThatThrownBy(() -> tooLong.run(stack)).as("the runbook's 5 minutes spare queries that have run seconds")
                    .hasMessageStartingWith("terminateLongQueries(postgres, active > 300 s): terminated none: the 10 active queries on database ledger"
                            + " had all run less than 300 s");

            String done = Recoveries.terminateLongQueries("postgres", Duration.ofSeconds(1)).run(stack);
            assertThat(done).startsWith("terminated 10 active queries older than 1 s on database ledger: pid ")
                    .contains("/* ledger slow report */ SELECT count(*)");
            await("the terminated backends gone").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Postgres.count(dba, ACTIVE_REPORTS) == 0);
            await("writes answered again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ReferenceStack.postEntry(stack, "it-" + UUID.randomUUID()).startsWith("201"));
            assertThat(Postgres.count(dba, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-it'"))
                    .as("its own session spared").isEqualTo(1);
        }
    }

    @Test
    void undoTerminatesTheReportsAndTheWritesGoThrough() throws Exception {
        Injection fault = Faults.longRunningQueries("postgres", "ledger", 10).inject(stack);
        fault.close();
        fault.close();
        try (Connection dba = stack.sql().connect("postgres", "firedrill-it")) {
            await("no report left").atMost(Duration.ofSeconds(5)).until(() -> Postgres.count(dba, ACTIVE_REPORTS) == 0);
        }
        await("writes answered again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.postEntry(stack, "it-" + UUID.randomUUID()).startsWith("201"));
        assertThat(Recoveries.terminateLongQueries("postgres", Duration.ofSeconds(1)).run(stack))
                .isEqualTo("no active query on database ledger besides this one: nothing to terminate");
    }

    @Test
    void theSlowReportAnswersWhenDoneAndA503WhenTerminated() throws Exception {
        assertThat(ReferenceStack.get(stack, "/reports/slow?seconds=1")).startsWith("200 {\"entries\":").contains("\"seconds\":1}");
        assertThat(ReferenceStack.get(stack, "/reports/slow?seconds=0")).startsWith("400")
                .contains("query parameter 'seconds'='0' is not valid: expected a whole number of seconds from 1 to 3600");
        java.util.concurrent.CompletableFuture<String> report = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ReferenceStack.get(stack, "/reports/slow?seconds=4"));
        Thread.sleep(2500);
        assertThat(Recoveries.terminateLongQueries("postgres", Duration.ofSeconds(2)).run(stack)).startsWith("terminated 1 active query");
        assertThat(report.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("503");
    }

    @Test
    void fewerReportsThanThePoolHasConnectionsDoNotExhaustIt() {
        assertThatThrownBy(() -> new LongRunningQueriesFault("postgres", "ledger", 3, Duration.ofSeconds(60)).inject(stack))
                .isInstanceOf(dev.firedrill.FaultNotEffectiveException.class)
                .hasMessageContaining("the pool of ledger was not seen exhausted within PT15S")
                .hasMessageContaining("is queries at least its pool size (LEDGER_POOL_SIZE)?");
        await("the undo ended the three reports").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.postEntry(stack, "it-" + UUID.randomUUID()).startsWith("201"));
    }

    @Test
    void redisIsFilledUpToMaxclientsTheServiceIsRefusedAndTheRunbooksClientKillFreesIt() throws Exception {
        String maxclientsBefore;
        try (Jedis look = Redis.connect(stack, "redis")) {
            maxclientsBefore = look.configGet("maxclients").get("maxclients");
        }
        String id = "it-" + UUID.randomUUID();
        assertThat(ReferenceStack.postEntry(stack, id)).startsWith("201");
        try (Injection fault = Faults.redisClientExhaustion("redis").inject(stack)) {
            // no new connection gets in, the service's neither: its read is answered from the database
            assertThat(Redis.answerToNewConnection(stack, "redis")).isEqualTo("-ERR max number of clients reached");
            Jedis console = RedisConsoles.find(stack, "redis").orElseThrow();
            synchronized (console) {
                assertThat(Redis.infoField(console.info("clients"), "connected_clients")).isEqualTo(50);
                assertThat(console.configGet("maxclients")).containsEntry("maxclients", "50");
            }
            await("the service reads from the database").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ReferenceStack.get(stack, "/entries/" + id).startsWith("200"));
            assertThat(ReferenceStack.get(stack, "/ready")).as("readiness names the cache").startsWith("503").contains("\"cache\"");

            Thread.sleep(2100);   // the held connections idle over 2 s; the console stays in use
            String done = Recoveries.redisClientKill("redis", Duration.ofSeconds(2)).run(stack);
            assertThat(done).startsWith("killed 49 client connections idle over 2 s [firedrill-leak × 49]; spared 0 [] (on the operator's console)");
            await("the service's cache answers again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ReferenceStack.get(stack, "/ready").startsWith("200"));
        }
        assertThat(RedisConsoles.find(stack, "redis")).as("undo closed the console").isEmpty();
        try (Jedis look = Redis.connect(stack, "redis")) {
            assertThat(look.configGet("maxclients")).as("undo restored maxclients").containsEntry("maxclients", maxclientsBefore);
            assertThat(RedisClient.parse(look.clientList())).extracting(RedisClient::name).doesNotContain("firedrill-leak", RedisConsoles.NAME);
        }
    }

    @Test
    void clientKillSparesTheClientsInUseAndUndoAloneFreesRedis() throws Exception {
        String maxclientsBefore;
        try (Jedis idle = Redis.connect(stack, "redis"); Jedis busy = Redis.connect(stack, "redis")) {
            maxclientsBefore = idle.configGet("maxclients").get("maxclients");
            idle.clientSetname("it-idle");
            busy.clientSetname("it-busy");
            Thread.sleep(2100);
            busy.ping();
            String done = Recoveries.redisClientKill("redis", Duration.ofSeconds(1)).run(stack);
            assertThat(done).contains("it-idle × 1").contains("(on a new connection)");
            assertThat(busy.ping()).as("the client in use is spared").isEqualTo("PONG");
            assertThatThrownBy(idle::ping).as("the idle client is gone");
        }
        Injection fault = Faults.redisClientExhaustion("redis").inject(stack);
        fault.close();
        fault.close();
        java.util.List<Jedis> held = new java.util.ArrayList<>();
        try (Jedis dba = Redis.connect(stack, "redis")) {
            dba.configSet("maxclients", "12");
            try {
                while (held.size() < 20) {
                    held.add(Redis.connect(stack, "redis"));
                }
            } catch (redis.clients.jedis.exceptions.JedisException full) {
                // Redis is full
            }
            assertThatThrownBy(() -> Recoveries.redisClientKill("redis", Duration.ofSeconds(2)).run(stack)).as("without a console")
                    .hasMessage("redisClientKill(redis, idle > 2 s): Redis refuses new connections (-ERR max number of clients reached) and no"
                            + " operator console is open on it: a full Redis lets nobody new in, so CLIENT KILL needs a session opened before it filled");
            held.forEach(Jedis::close);
            dba.configSet("maxclients", maxclientsBefore);
        }
        try (Jedis look = Redis.connect(stack, "redis")) {
            assertThat(look.configGet("maxclients")).containsEntry("maxclients", maxclientsBefore);
            assertThat(Redis.infoField(look.info("clients"), "connected_clients")).isLessThan(20);
        }
        await("the service's cache answers again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.get(stack, "/ready").startsWith("200"));
    }

    @Test
    void aDrillThatThrowsWithBothPoolFaultsActiveLeavesNeitherBehind() throws Exception {
        String maxclientsBefore;
        try (Jedis look = Redis.connect(stack, "redis")) {
            maxclientsBefore = look.configGet("maxclients").get("maxclients");
        }
        dev.firedrill.Recovery throwing = new dev.firedrill.Recovery() {
            @Override
            public String name() {
                return "a procedure that throws";
            }

            @Override
            public String run(dev.firedrill.SystemUnderTest system) {
                assertThat(Redis.answerToNewConnection(stack, "redis")).as("Redis full while the procedure runs")
                        .isEqualTo("-ERR max number of clients reached");
                throw new IllegalStateException("runbook script exited 1");
            }
        };
        dev.firedrill.Drill drill = dev.firedrill.Drill.builder("undo-pools", "both pool faults, a failing procedure")
                .probe(dev.firedrill.measure.Probes.ledgerWrite())
                .fault(Faults.longRunningQueries("postgres", "ledger", 10))
                .fault(Faults.redisClientExhaustion("redis"))
                .hold(Duration.ofSeconds(1))
                .recovery(throwing)
                .build();

        dev.firedrill.DrillResult result = new dev.firedrill.DrillRunner(dev.firedrill.HarnessClock.system(),
                dev.firedrill.measure.DrillAnalysis::analyse, (r, rec) -> { }).execute(drill, stack);

        assertThat(result.verdict()).isEqualTo(dev.firedrill.Verdict.BROKEN);
        assertThat(result.reason()).contains("runbook script exited 1");
        try (Connection dba = stack.sql().connect("postgres", "firedrill-it")) {
            assertThat(Postgres.count(dba, ACTIVE_REPORTS)).as("no report left running").isZero();
        }
        assertThat(RedisConsoles.find(stack, "redis")).isEmpty();
        try (Jedis look = Redis.connect(stack, "redis")) {
            assertThat(look.configGet("maxclients")).containsEntry("maxclients", maxclientsBefore);
            assertThat(RedisClient.parse(look.clientList())).extracting(RedisClient::name).doesNotContain("firedrill-leak");
        }
        await("writes answered again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.postEntry(stack, "it-" + UUID.randomUUID()).startsWith("201"));
    }
}
