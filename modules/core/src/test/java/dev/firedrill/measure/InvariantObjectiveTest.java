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

/** The invariant: held at every observation after the steady state, or at the last; broken, the instants are named. */
class InvariantObjectiveTest {

    private final ManualClock clock = new ManualClock();
    private final Timeline timeline = new Timeline(clock);

    /** Observations of path primaries every 500 ms, {@code leaders[i]} leading at the i-th; at most 1 may lead. */
    private DrillMeasurements observed(int... leaders) {
        timeline.record(new Observation("primaries", clock.now(), Duration.ofMillis(5), false, "2 lead: pg1, pg2"));   // before steady: not judged
        timeline.mark(Marker.STEADY_PROVEN, "steady", clock.advanceMillis(100));
        for (int n : leaders) {
            timeline.record(new Observation("primaries", clock.advanceMillis(500), Duration.ofMillis(5), n <= 1, n + " lead"));
        }
        return new DrillMeasurements(Map.of(), null, Map.of(), timeline);
    }

    @Test
    void anInvariantThatAlwaysHeldPasses() {
        ObjectiveResult r = Slos.invariant("primaries", true).judge(observed(1, 1, 0, 1, 1));

        assertThat(r.passed()).isTrue();
        assertThat(r.name()).isEqualTo("invariant(primaries)");
        assertThat(r.message()).isEqualTo("Invariant on path 'primaries' held at all 5 observations");
    }

    @Test
    void aSplitBrainFailsTheDrillNamingEachStretchItBroke() {
        ObjectiveResult r = Slos.invariant("primaries", true).judge(observed(1, 2, 2, 1, 2, 1));

        assertThat(r.passed()).isFalse();
        assertThat(r.measured()).isEqualTo("3 broken");
        assertThat(r.message()).startsWith("Invariant on path 'primaries' broke 3 of 6 times, in 2 stretches: ")
                .contains(" to ").contains("(2 lead)");
    }

    @Test
    void atTheEndOnlyTheLastObservationCountsAndANeverObservedPathFails() {
        assertThat(Slos.invariant("primaries", false).judge(observed(2, 2, 1)).passed()).isTrue();
        ObjectiveResult last = Slos.invariant("primaries", false).judge(new DrillMeasurements(Map.of(), null, Map.of(), timeline));
        assertThat(last.name()).isEqualTo("invariant(primaries, at end)");
        ObjectiveResult nothing = Slos.invariant("leaders", true).judge(observed(1));
        assertThat(nothing.passed()).isFalse();
        assertThat(nothing.message()).contains("was not observed");
    }
}
