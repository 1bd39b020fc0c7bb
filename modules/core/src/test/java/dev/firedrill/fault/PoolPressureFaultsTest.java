package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The faults that exhaust a pool of connections (long-running-queries, redis-client-exhaustion): parsing and checks that act on nothing. */
class PoolPressureFaultsTest {

    /** The kind built from {@code args}, the parameters left out taking their defaults as in a drill file. */
    private static Object build(String kind, Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(KindDescriptor.Category.FAULT, kind);
        Map<String, Object> withDefaults = new java.util.HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void longRunningQueriesAsADrillFileWritesIt() {
        assertThat(build("long-running-queries", Map.of("target", "postgres", "client", "ledger", "queries", 10)))
                .isEqualTo(Faults.longRunningQueries("postgres", "ledger", 10))
                .isEqualTo(new LongRunningQueriesFault("postgres", "ledger", 10, Duration.ofMinutes(10)));
        assertThat(Faults.longRunningQueries("postgres", "ledger", 10).name()).isEqualTo("longRunningQueries(postgres, 10 through ledger, 600 s)");
        assertThat(Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "long-running-queries").requires()).containsExactly(SqlSessions.class);
    }

    @Test
    void longRunningQueriesRefusesWhatTheServicesSlowReportCannotDo() {
        assertThatThrownBy(() -> new LongRunningQueriesFault("postgres", "ledger", 0, Duration.ofMinutes(1)))
                .hasMessage("longRunningQueries(postgres): queries must be 1 .. 1000 (at least the client's pool size, LEDGER_POOL_SIZE,"
                        + " to exhaust it), got 0");
        assertThatThrownBy(() -> new LongRunningQueriesFault("postgres", "ledger", 10, Duration.ofSeconds(2)))
                .hasMessage("longRunningQueries(postgres): length must be whole seconds from 5 s to 3600 s (what the service's slow report"
                        + " accepts), got PT2S");
        assertThatThrownBy(() -> new LongRunningQueriesFault("postgres", "ledger", 10, Duration.ofMillis(5500)))
                .hasMessageContaining("length must be whole seconds");
        assertThatThrownBy(() -> new LongRunningQueriesFault("postgres", " ", 10, Duration.ofMinutes(1)))
                .hasMessageContaining("the target service must be named");
    }

    @Test
    void longRunningQueriesNeedsADatabaseTheHarnessReachesAndAClientOfTheSystem() {
        SystemUnderTest system = FakeSystem.of(Map.of("postgres", "postgres", "redis", "redis", "ledger", "http"))
                .offering(SqlSessions.class, FakeSystem.sessions(List.of("postgres")));
        Faults.longRunningQueries("postgres", "ledger", 10).validate(system);
        assertThatThrownBy(() -> Faults.longRunningQueries("redis", "ledger", 10).validate(system))
                .hasMessageContaining("applies to a PostgreSQL service the harness can open SQL sessions to; 'redis' is not one");
        assertThatThrownBy(() -> Faults.longRunningQueries("postgres", "shop", 10).validate(system))
                .hasMessageContaining("shop");
    }

    @Test
    void redisClientExhaustionAsADrillFileWritesIt() {
        assertThat(build("redis-client-exhaustion", Map.of("target", "redis")))
                .isEqualTo(Faults.redisClientExhaustion("redis"))
                .isEqualTo(new RedisClientExhaustionFault("redis", 50));
        assertThat(build("redis-client-exhaustion", Map.of("target", "redis", "maxclients", 20))).isEqualTo(new RedisClientExhaustionFault("redis", 20));
        assertThat(Faults.redisClientExhaustion("redis").name()).isEqualTo("redisClientExhaustion(redis, maxclients 50)");
        assertThat(Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "redis-client-exhaustion").requires()).isEmpty();
    }

    @Test
    void redisClientExhaustionRefusesAMaxclientsOfNoUseAndAServiceThatIsNotRedis() {
        assertThatThrownBy(() -> new RedisClientExhaustionFault("redis", 1))
                .hasMessage("redisClientExhaustion(redis): maxclients must be 2 .. 1000 (each is a socket the harness holds), got 1");
        assertThatThrownBy(() -> new RedisClientExhaustionFault("redis", 5000)).hasMessageContaining("got 5000");
        SystemUnderTest system = FakeSystem.of(Map.of("postgres", "postgres", "redis", "redis"));
        Faults.redisClientExhaustion("redis").validate(system);
        assertThatThrownBy(() -> Faults.redisClientExhaustion("postgres").validate(system))
                .hasMessage("redisClientExhaustion(postgres, maxclients 50) applies to a redis service; 'postgres' is a postgres service;"
                        + " valid targets are [redis]");
    }
}
