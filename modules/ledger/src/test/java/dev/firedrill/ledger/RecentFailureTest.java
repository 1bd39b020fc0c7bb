package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentFailureTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentFailure failure = new RecentFailure(Duration.ofSeconds(30), now::get);

    @Test
    void remembersTheLatestFailureUntilAWriteSucceeds() {
        failure.failed("disk full");
        assertThat(failure.reason()).contains("disk full");

        failure.succeeded();
        assertThat(failure.reason()).isEmpty();
    }

    @Test
    void forgetsAFailureOnceItIsOlderThanTheMemory() {
        failure.failed("read-only");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(failure.reason()).contains("read-only");

        now.addAndGet(1);
        assertThat(failure.reason()).isEmpty();
    }
}
