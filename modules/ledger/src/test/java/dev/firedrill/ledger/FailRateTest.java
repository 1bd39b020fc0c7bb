package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailRateTest {

    @Test
    void failsAboutTheConfiguredShareOfRequests() {
        FailRate rate = new FailRate(0.3, new Random(42));

        long failed = IntStream.range(0, 10_000).filter(i -> rate.nextFails()).count();

        assertThat(failed).isBetween(2_800L, 3_200L);
    }

    @Test
    void isRepeatableWithTheSameSeed() {
        FailRate first = new FailRate(0.5, new Random(7));
        FailRate second = new FailRate(0.5, new Random(7));

        for (int i = 0; i < 100; i++) {
            assertThat(first.nextFails()).isEqualTo(second.nextFails());
        }
    }

    @Test
    void zeroNeverFailsAndOneAlwaysFails() {
        FailRate never = new FailRate(0.0, new Random(1));
        FailRate always = new FailRate(1.0, new Random(1));

        assertThat(IntStream.range(0, 1000).filter(i -> never.nextFails()).count()).isZero();
        assertThat(IntStream.range(0, 1000).filter(i -> always.nextFails()).count()).isEqualTo(1000);
    }

    @Test
    void appliesToEntriesButNeverToHealthReadinessMetricsOrVersion() {
        assertThat(FailRate.applies("/entries")).isTrue();
        assertThat(FailRate.applies("/entries/w-1")).isTrue();
        assertThat(FailRate.applies("/health")).isFalse();
        assertThat(FailRate.applies("/ready")).isFalse();
        assertThat(FailRate.applies("/metrics")).isFalse();
        assertThat(FailRate.applies("/version")).isFalse();
    }

    @Test
    void refusesARateOutsideZeroToOne() {
        assertThatThrownBy(() -> new FailRate(1.2, new Random()))
                .hasMessage("fail rate 1.2 is not valid: expected a number from 0.0 to 1.0");
    }
}
