package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ScheduledProbeRunTest {

    private final Timeline timeline = new Timeline(HarnessClock.system());

    private Observation seen(long n) {
        return new Observation("p", timeline.clock().now(), Duration.ofMillis(1), n % 2 == 0, "observation " + n);
    }

    @Test
    void recordsNumberedObservationsUntilClosedAndThenNoMore() {
        ScheduledProbeRun run = ScheduledProbeRun.start("p", Duration.ofMillis(10), Duration.ofSeconds(1), timeline, this::seen);
        await().atMost(Duration.ofSeconds(10)).until(() -> run.observations() >= 5);
        run.close();
        long atClose = timeline.observations("p").size();

        assertThat(timeline.observations("p")).extracting(Observation::detail)
                .startsWith("observation 1", "observation 2", "observation 3");
        assertThat(run.observations()).isEqualTo(atClose);
        run.close(); // a second close is harmless
        assertThat(timeline.observations("p")).hasSize((int) atClose);
    }

    @Test
    void anObservationThatThrowsIsNotedAndTheScheduleGoesOn() {
        AtomicBoolean thrown = new AtomicBoolean();
        try (ScheduledProbeRun run = ScheduledProbeRun.start("p", Duration.ofMillis(10), Duration.ofSeconds(1), timeline, n -> {
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("probe target vanished");
            }
            return seen(n);
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> run.observations() >= 3);
        }
        assertThat(timeline.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("probe-error");
            assertThat(e.detail()).contains("p: ").contains("probe target vanished");
        });
    }
}
