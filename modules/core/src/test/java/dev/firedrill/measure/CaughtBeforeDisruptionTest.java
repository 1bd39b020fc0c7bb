package dev.firedrill.measure;

import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.measure.History.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** caught-before-disruption on synthetic timelines: a check's failed answer must be in before the disaster. */
class CaughtBeforeDisruptionTest {

    /** A check every 5 s taking 3 s, failing from {@code failingFrom} ms on; the disruption at 30 000 ms. */
    private static Timeline timeline(long failingFrom) {
        Timeline t = new Timeline(new ManualClock());
        t.mark(Marker.STEADY_PROVEN, "steady", at(0));
        for (long ms = 0; ms < 40_000; ms += 5_000) {
            boolean failed = ms >= failingFrom;
            t.record(new Observation("backups", at(ms), Duration.ofSeconds(3), !failed, failed ? "b.sql.gz: would not restore" : "b.sql.gz restored"));
        }
        t.mark(Marker.DISRUPTION, "destroy(postgres)", at(30_000));
        return t;
    }

    private static ObjectiveResult judge(Timeline t) {
        return Slos.caughtBeforeDisruption("backups").judge(Measurements.compute(t, null));
    }

    @Test
    void aFailedAnswerInBeforeTheDisruptionMeetsItMeasuringHowLongBefore() {
        ObjectiveResult r = judge(timeline(20_000));
        assertThat(r.passed()).as(r.message()).isTrue();
        assertThat(r.measured()).isEqualTo("7000");   // the answer started at 20 000 ms came in at 23 000 ms
        assertThat(r.message()).contains("would not restore");
    }

    @Test
    void aFailureWhoseAnswerCameAfterTheDisruptionIsNotCaughtInTime() {
        ObjectiveResult r = judge(timeline(28_000 - 3_000 + 5_000));   // the failing answer starts at 30 000 ms
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("its 6 answers before the disruption all passed");

        ObjectiveResult late = judge(timeline(25_000));   // starts at 25 000 ms, in at 28 000 ms: in time
        assertThat(late.passed()).isTrue();
        assertThat(late.measured()).isEqualTo("2000");
    }

    @Test
    void aPathIsRequired() {
        assertThatThrownBy(() -> Slos.caughtBeforeDisruption(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
