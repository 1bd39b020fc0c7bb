package dev.firedrill.fault;

import dev.firedrill.Injection;
import dev.firedrill.stack.Stack;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Network faults through the fault proxy of the reference stack: inject, see the effect as a client, undo, see it recover. */
@Timeout(60)
class NetworkFaultsIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = ReferenceStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void resetProxy() {
        Faults.resetProxy(stack);
    }

    @Test
    void latencyBothWaysDelaysEveryQueryRoundTripAndUndoRemovesIt() throws Exception {
        try (Connection db = ReferenceStack.jdbcThroughProxy(stack, 10)) {
            assertThat(fastestOfThree(db)).isLessThan(ofMillis(400));
            Injection slow = Faults.latency("postgres", ofMillis(300)).jitter(ofMillis(50)).direction(Direction.BOTH).inject(stack);
            try {
                assertThat(timeQuery(db)).isGreaterThanOrEqualTo(ofMillis(500));
                assertThat(toxicCount("postgres")).isEqualTo(2);
            } finally {
                slow.close();
                slow.close();   // idempotent
            }
            assertThat(fastestOfThree(db)).as("no latency left: a round trip under the 500 ms the toxics imposed")
                    .isLessThan(ofMillis(400));
            assertThat(toxicCount("postgres")).isZero();
        }
    }

    @Test
    void downClosesConnectionsRefusesNewOnesAndTheServiceReportsIt() throws Exception {
        Injection down = Faults.down("postgres").inject(stack);
        try {
            await("ready reports the database down").atMost(ofSeconds(10))
                    .until(() -> ReferenceStack.get(stack, "/ready"), answer -> answer.startsWith("503") && !answer.contains("\"database\":\"ok\""));
            assertThatThrownBy(() -> ReferenceStack.jdbcThroughProxy(stack, 3).close()).isInstanceOf(java.sql.SQLException.class);
            assertThat(ReferenceStack.postEntry(stack, "net-down-1")).startsWith("503");
        } finally {
            down.close();
        }
        await("ready again").atMost(ofSeconds(20)).until(() -> ReferenceStack.get(stack, "/ready"), a -> a.startsWith("200"));
        assertThat(ReferenceStack.postEntry(stack, "net-down-2")).startsWith("201");
    }

    @Test
    void blackholeHoldsConnectionsWithoutAnswers() {
        Injection hole = Faults.blackhole("redis").inject(stack);
        try {
            assertThatThrownBy(() -> ping(1000)).hasMessageContaining("Read timed out");
        } finally {
            hole.close();
        }
        try (Jedis redis = proxiedRedis(2000)) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void bandwidthZeroStallsAndSlowBandwidthStillAnswers() {
        try (Injection stall = Faults.bandwidth("redis", 0).inject(stack)) {
            assertThatThrownBy(() -> ping(1000)).hasMessageContaining("Read timed out");
        }
        try (Injection slow = Faults.bandwidth("redis", 1).inject(stack); Jedis redis = proxiedRedis(5000)) {
            long start = System.nanoTime();
            redis.set("it:bandwidth", "x".repeat(3000));
            assertThat(redis.get("it:bandwidth")).hasSize(3000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ofMillis(1500));
        }
    }

    @Test
    void resetPeerResetsNewConnections() {
        try (Injection reset = Faults.resetPeer("redis", Duration.ZERO).inject(stack)) {
            assertThatThrownBy(() -> ping(2000)).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        }
        try (Jedis redis = proxiedRedis(2000)) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void slicingSlowCloseAndDataLimitReshapeTheStream() {
        try (Injection sliced = Faults.slicing("redis", 2, 1, ofMillis(5)).inject(stack); Jedis redis = proxiedRedis(5000)) {
            redis.set("it:sliced", "y".repeat(200));
            assertThat(redis.get("it:sliced")).hasSize(200);
        }
        try (Injection slowClose = Faults.slowClose("redis", ofMillis(500)).inject(stack); Jedis redis = proxiedRedis(2000)) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
        try (Jedis redis = proxiedRedis(2000)) {
            redis.set("it:limited", "z".repeat(500));
        }
        try (Injection limited = Faults.dataLimit("redis", 300).inject(stack); Jedis redis = proxiedRedis(2000)) {
            assertThatThrownBy(() -> redis.get("it:limited")).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        }
        try (Jedis redis = proxiedRedis(2000)) {
            assertThat(redis.get("it:limited")).hasSize(500);
        }
    }

    @Test
    void partitionCutsTheDatabaseFromTheStackAndUndoHealsIt() {
        Injection cut = Faults.partition("postgres").inject(stack);
        try {
            await("ready reports the database down").atMost(ofSeconds(10))
                    .until(() -> ReferenceStack.get(stack, "/ready"), answer -> answer.startsWith("503"));
        } finally {
            cut.close();
        }
        await("ready again").atMost(ofSeconds(30)).until(() -> ReferenceStack.get(stack, "/ready"), a -> a.startsWith("200"));
        assertThat(ReferenceStack.postEntry(stack, "net-partition-1")).startsWith("201");
    }

    @Test
    void aFaultThatCannotApplyIsAConfigurationErrorBeforeAnythingIsInjected() throws Exception {
        assertThatThrownBy(() -> Faults.lockTable("redis", "entries").inject(stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'redis'").hasMessageContaining("valid targets are [postgres]");
        assertThatThrownBy(() -> Faults.latency("nosuch", ofMillis(10)).inject(stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no service 'nosuch'").hasMessageContaining("proxy");
        assertThatThrownBy(() -> Faults.latency("proxy", ofMillis(10)).inject(stack))
                .hasMessageContaining("does not front service 'proxy'").hasMessageContaining("[postgres, redis, ledger]");
        assertThatThrownBy(() -> Faults.fillVolume("postgres").inject(stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service 'postgres' has no size-limited volume");
        assertThatThrownBy(() -> Faults.redisMemoryFull("postgres").inject(stack))
                .hasMessageContaining("valid targets are [redis]");
        assertThat(toxicCount("postgres") + toxicCount("redis")).isZero();
        assertThatThrownBy(() -> Faults.lockTable("redis", "entries").validate(stack))
                .as("the runner's check before any injection gives the same answer").hasMessageContaining("valid targets are [postgres]");
        assertThatThrownBy(() -> Faults.fillVolume("postgres").validate(stack)).hasMessageContaining("has no size-limited volume");
        assertThatThrownBy(() -> Faults.down("nosuch").validate(stack)).hasMessageContaining("has no service 'nosuch'");
        Faults.latency("postgres", ofMillis(10)).validate(stack);
        Faults.kill("ledger").validate(stack);
    }

    /** The fastest of three round trips: a busy machine can slow one query, not the fastest of three. */
    private static Duration fastestOfThree(Connection db) throws Exception {
        Duration fastest = timeQuery(db);
        for (int i = 0; i < 2; i++) {
            Duration next = timeQuery(db);
            fastest = next.compareTo(fastest) < 0 ? next : fastest;
        }
        return fastest;
    }

    private static Duration timeQuery(Connection db) throws Exception {
        long start = System.nanoTime();
        try (Statement st = db.createStatement()) {
            st.execute("SELECT 1");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String ping(int timeoutMs) {
        try (Jedis redis = proxiedRedis(timeoutMs)) {
            return redis.ping();
        }
    }

    private static Jedis proxiedRedis(int timeoutMs) {
        var endpoint = stack.endpoint("redis", 6379);
        return new Jedis(endpoint.host(), endpoint.port(), timeoutMs);
    }

    private static int toxicCount(String proxy) throws Exception {
        var api = stack.directEndpoint("proxy", 8474);
        return new ToxiproxyClient(api.host(), api.port()).getProxy(proxy).toxics().getAll().size();
    }
}
