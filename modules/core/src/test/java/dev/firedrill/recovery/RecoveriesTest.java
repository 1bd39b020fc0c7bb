package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recovery values without Docker: names and argument checks. */
class RecoveriesTest {

    @Test
    void recoveriesReadLikeTheRunbook() {
        assertThat(Recoveries.terminateBlockers("postgres").name()).isEqualTo("terminateBlockers(postgres)");
        assertThat(Recoveries.terminateIdleSessions("postgres", ofSeconds(5)).sparing("ledger").name())
                .isEqualTo("terminateIdleSessions(postgres, idle > 5 s, sparing [ledger])");
        assertThat(Recoveries.freeVolume("postgres").name()).isEqualTo("freeVolume(postgres)");
        assertThat(Recoveries.setEvictionPolicy("redis", "allkeys-lru").name()).isEqualTo("setEvictionPolicy(redis, allkeys-lru)");
        assertThat(Recoveries.healPartition("postgres").name()).isEqualTo("healPartition(postgres)");
    }

    @Test
    void misuseNamesTheFieldAndTheValidValues() {
        assertThatThrownBy(() -> Recoveries.setEvictionPolicy("redis", "lru"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy 'lru'").hasMessageContaining("allkeys-lru");
        assertThatThrownBy(() -> Recoveries.terminateIdleSessions("postgres", ofSeconds(-1)))
                .hasMessageContaining("olderThan must be zero or more");
        assertThatThrownBy(() -> Recoveries.terminateIdleSessions("postgres", ofSeconds(5)).sparing(""))
                .hasMessageContaining("application_name");
        assertThatThrownBy(() -> Recoveries.terminateBlockers("")).hasMessageContaining("the target service must be named");
    }
}
