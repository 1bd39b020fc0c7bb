package dev.firedrill.recovery;

import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The procedures that free an exhausted pool (terminate-long-queries, redis-client-kill): parsing and validation. */
class PoolPressureRecoveriesTest {

    /** The kind built from {@code args}, the parameters left out taking their defaults as in a drill file. */
    private static Object build(String kind, Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(KindDescriptor.Category.PROCEDURE, kind);
        Map<String, Object> withDefaults = new java.util.HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void terminateLongQueriesDefaultsToTheRunbooksFiveMinutes() {
        assertThat(build("terminate-long-queries", Map.of("target", "postgres")))
                .isEqualTo(new TerminateLongQueries("postgres", Duration.ofMinutes(5), Optional.empty()));
        assertThat(build("terminate-long-queries", Map.of("target", "postgres", "older-than", Duration.ofSeconds(5), "database", "ledger")))
                .isEqualTo(new TerminateLongQueries("postgres", Duration.ofSeconds(5), Optional.of("ledger")));
        assertThat(Recoveries.terminateLongQueries("postgres", Duration.ofSeconds(5)).name()).isEqualTo("terminateLongQueries(postgres, active > 5 s)");
        assertThat(new TerminateLongQueries("postgres", Duration.ofMillis(1500), Optional.of("ledger")).name())
                .isEqualTo("terminateLongQueries(postgres, active > 1500 ms, database ledger)");
        assertThat(Kinds.onClasspath().get(KindDescriptor.Category.PROCEDURE, "terminate-long-queries").requires())
                .containsExactly(SqlSessions.class);
    }

    @Test
    void terminateLongQueriesRefusesABoundThatIsNotPositiveAndABlankDatabase() {
        assertThatThrownBy(() -> Recoveries.terminateLongQueries("postgres", Duration.ZERO))
                .hasMessage("terminateLongQueries(postgres): older-than must be a positive duration in whole milliseconds, e.g. 5m as the"
                        + " runbook or 5s, got PT0S");
        assertThatThrownBy(() -> new TerminateLongQueries("postgres", Duration.ofMinutes(5), Optional.of("")))
                .hasMessage("terminateLongQueries(postgres): database must name a database, e.g. ledger, got ''");
        assertThatThrownBy(() -> Recoveries.terminateLongQueries("", Duration.ofMinutes(5)))
                .hasMessageContaining("the target service must be named");
    }

    @Test
    void redisClientKillDefaultsToTenSecondsIdle() {
        assertThat(build("redis-client-kill", Map.of("target", "redis"))).isEqualTo(new RedisClientKill("redis", Duration.ofSeconds(10)));
        assertThat(build("redis-client-kill", Map.of("target", "redis", "idle-over", Duration.ofSeconds(5))))
                .isEqualTo(Recoveries.redisClientKill("redis", Duration.ofSeconds(5)));
        assertThat(Recoveries.redisClientKill("redis", Duration.ofSeconds(5)).name()).isEqualTo("redisClientKill(redis, idle > 5 s)");
    }

    @Test
    void redisClientKillTakesWholeSecondsAsClientListCountsThem() {
        assertThatThrownBy(() -> Recoveries.redisClientKill("redis", Duration.ofMillis(1500)))
                .hasMessage("redisClientKill(redis): idle-over must be whole seconds, zero or more (CLIENT LIST counts idle time in seconds),"
                        + " e.g. 10s, got PT1.5S");
        assertThatThrownBy(() -> Recoveries.redisClientKill("redis", Duration.ofSeconds(-1))).hasMessageContaining("got PT-1S");
    }
}
