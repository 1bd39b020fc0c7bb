package dev.firedrill.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryLeakTest {

    private static final long MIB = 1L << 20;

    @Test
    void refusesARateOutsideItsRangeSayingWhatIsValid() {
        MemoryLeak leak = new MemoryLeak();
        assertThatThrownBy(() -> leak.leak(-1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("from 0 (stop) to " + MemoryLeak.MAX_MIB_PER_SECOND).hasMessageContaining("got -1");
        assertThatThrownBy(() -> leak.leak(MemoryLeak.MAX_MIB_PER_SECOND + 1)).isInstanceOf(InvalidRequestException.class);
        assertThat(leak.rate()).isZero();
    }

    @Test
    void leaksNativeMemoryAtItsRateUntilStopped() throws InterruptedException {
        MemoryLeak leak = new MemoryLeak();
        assertThat(leak.leak(10)).isZero();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (leak.leakedBytes() < 3 * MIB && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leak.leakedBytes()).as("10 MiB/s leaked in 1 MiB steps").isGreaterThanOrEqualTo(3 * MIB);
        assertThat(leak.leakedBytes() % MIB).as("whole steps of a tenth of the rate").isZero();
        assertThat(leak.leak(0)).isEqualTo(10);
        Thread.sleep(150);   // a step under way when it stopped may still land
        long stopped = leak.leakedBytes();
        Thread.sleep(400);
        assertThat(leak.leakedBytes()).as("nothing more once stopped").isEqualTo(stopped);
    }
}
