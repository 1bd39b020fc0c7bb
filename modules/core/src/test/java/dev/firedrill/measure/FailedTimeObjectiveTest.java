package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failed time: every failure window of the path together, within the declared maintenance window. */
class FailedTimeObjectiveTest {

    private static final String REFUSED = "connection refused";
    private static final String NO_COLUMN = "HTTP 500: column \"currency\" of relation \"entries\" does not exist";

    private final ManualClock clock = new ManualClock();
    private final Timeline timeline = new Timeline(clock);

    /** Probes of path write every 100 ms, 10 ms each, {@code ms} long, all failing with {@code detail} or all succeeding. */
    private void probes(long ms, String detail) {
        for (long t = 0; t < ms; t += 100) {
            timeline.record(new Observation("write", clock.now(), Duration.ofMillis(10), detail == null, detail));
            clock.advanceMillis(100);
        }
    }

    private DrillMeasurements measured() {
        timeline.mark(Marker.END, "", clock.now());
        return new DrillMeasurements(Map.of("write", RecoveryAnalysis.defaults().measure("write", timeline)), null, Map.of(), timeline);
    }

    private void steadyThenPlannedChange() {
        probes(1_000, null);
        timeline.mark(Marker.STEADY_PROVEN, "", clock.now());
        timeline.mark(Marker.DISRUPTION, "migrate(0003)", clock.now());
        timeline.mark(Marker.RECOVERY_STARTED, "migrate(0003)", clock.now());
        probes(4_000, null);                   // the migration: nothing fails
    }

    @Test
    void theRecreationsGapWithinTheWindowIsMet() {
        steadyThenPlannedChange();
        probes(3_000, REFUSED);
        probes(2_000, null);

        ObjectiveResult r = FailedTimeObjective.atMost("write", Duration.ofSeconds(5)).judge(measured());

        assertThat(r.passed()).isTrue();
        assertThat(r.name()).isEqualTo("failed-time(write)");
        assertThat(r.measured()).as("a window ends at the answer of the success that closes it").isEqualTo("3010");
        assertThat(r.message()).contains("PT3.01S in 1 window, 30 failed answers", "last: connection refused", "target ≤ PT5S: met");
    }

    @Test
    void failuresBeyondTheGapMissItAndTheMessageNamesTheLastAnswerOfTheLongestWindow() {
        steadyThenPlannedChange();
        probes(2_000, REFUSED);
        probes(1_000, null);
        probes(6_000, NO_COLUMN);
        probes(2_000, null);

        ObjectiveResult r = FailedTimeObjective.atMost("write", Duration.ofSeconds(5)).judge(measured());

        assertThat(r.passed()).isFalse();
        assertThat(r.measured()).isEqualTo("8020");
        assertThat(r.message()).contains("in 2 windows, 80 failed answers", "column \"currency\"", "missed");
    }

    @Test
    void aPathThatNeverFailedHasNoFailedTime() {
        steadyThenPlannedChange();

        ObjectiveResult r = FailedTimeObjective.atMost("write", Duration.ofSeconds(5)).judge(measured());

        assertThat(r.passed()).isTrue();
        assertThat(r.measured()).isEqualTo("0");
    }

    @Test
    void aPathThatNeverCameBackMissesItNamingItsLastAnswer() {
        steadyThenPlannedChange();
        probes(3_000, NO_COLUMN);

        ObjectiveResult r = FailedTimeObjective.atMost("write", Duration.ofSeconds(60)).judge(measured());

        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("never became steady again", "column \"currency\"");
    }

    @Test
    void aPathNotProbedIsNotMeasured() {
        ObjectiveResult r = FailedTimeObjective.atMost("read", Duration.ofSeconds(5))
                .judge(new DrillMeasurements(Map.of(), null, Map.of(), timeline));

        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("not probed");
    }

    @Test
    void aNegativeBoundIsRefusedNamingThePath() {
        assertThatThrownBy(() -> FailedTimeObjective.atMost("write", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path 'write'");
    }
}
