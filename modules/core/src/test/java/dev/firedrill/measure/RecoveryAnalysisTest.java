package dev.firedrill.measure;

import static dev.firedrill.measure.History.at;
import static dev.firedrill.measure.History.fail;
import static dev.firedrill.measure.History.ok;
import static dev.firedrill.measure.History.probes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.FailureWindow;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryAnalysisTest {

    // Synthetic answers take 10 ms; a success counts when its answer arrives (start + 10 ms).

    private final RecoveryAnalysis analysis = RecoveryAnalysis.defaults();

    /** Up until 1000 ms, down from 1000 to 10000 ms, one relapse at 10200 ms, up from 10300 ms to 15000 ms. */
    private static List<Observation> outageWithRelapse() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 10_000, false));
        obs.add(ok("write", 10_000, 10));
        obs.add(ok("write", 10_100, 10));
        obs.add(fail("write", 10_200, 10));
        obs.addAll(probes("write", 10_300, 15_000, true));
        return obs;
    }

    @Test
    void measuresRtoFromDisruptionToTheFirstSuccessOfASteadyRun() {
        RecoveryMeasurement m = analysis.measure("write", outageWithRelapse(), at(1_000), at(5_000));

        assertThat(m.detection()).isEqualTo(Duration.ofMillis(10));
        assertThat(m.firstFailure()).isEqualTo(at(1_010));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(9_310));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(5_310));
        assertThat(m.firstSteadySuccess()).isEqualTo(at(10_310));
        assertThat(m.steadyAt()).isEqualTo(at(10_710));
        assertThat(m.recovered()).isTrue();
    }

    @Test
    void aSuccessSlowerThanTheLatencyObjectiveBreaksTheSteadyRun() {
        List<Observation> obs = new ArrayList<>(probes("read", 1_000, 2_000, false));
        obs.addAll(probes("read", 2_000, 2_300, true));
        obs.add(ok("read", 2_300, 1_500)); // correct but too slow
        obs.addAll(probes("read", 3_800, 5_000, true));

        RecoveryMeasurement m = analysis.measure("read", obs, at(1_000), at(1_500));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(2_810));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(2_310));

        RecoveryMeasurement lenient = analysis.withLatencyObjective(Duration.ofSeconds(2))
                .measure("read", obs, at(1_000), at(1_500));
        assertThat(lenient.rto()).isEqualTo(Duration.ofMillis(1_010));
    }

    @Test
    void reportsNeverRecoveredWithNullRtoAndTtr() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 30_000, false));
        obs.add(ok("write", 30_000, 10)); // a single success is not steady

        RecoveryMeasurement m = analysis.measure("write", obs, at(1_000), at(11_000));
        assertThat(m.rto()).isNull();
        assertThat(m.ttr()).isNull();
        assertThat(m.recovered()).isFalse();
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void whenNothingFailedRtoIsTheFirstProbeAfterTheDisruptionAndDetectionIsNull() {
        List<Observation> obs = probes("write", 0, 20_000, true);
        RecoveryMeasurement m = analysis.measure("write", obs, at(1_050), at(11_000));

        assertThat(m.detection()).isNull();
        assertThat(m.firstFailure()).isNull();
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(60));
        assertThat(m.ttr()).isEqualTo(Duration.ZERO); // recovered before the recovery started
    }

    @Test
    void detectsAFailureWhenItIsSeenEvenIfTheRequestStartedBeforeTheDisruption() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 900, true));
        obs.add(fail("write", 900, 1_900)); // in flight at the disruption, times out at 2800 ms
        obs.add(fail("write", 2_800, 5));   // seen at 2805 ms
        obs.addAll(probes("write", 3_000, 4_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(1_000), at(2_000));
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(1_800));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(2_010));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(1_010));
    }

    @Test
    void durationsAreMonotonicWhenTheWallClockStepsDuringTheOutage() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        clock.advanceMillis(1_000);
        timeline.mark(Marker.DISRUPTION, "kill(ledger)");
        for (int i = 0; i < 30; i++) {
            boolean up = i >= 20;
            timeline.record(new Observation("write", clock.now(), Duration.ofMillis(10), up, up ? null : "refused"));
            clock.advanceMillis(100);
            if (i == 10) {
                clock.jumpWall(Duration.ofMinutes(-5));
                timeline.mark(Marker.RECOVERY_STARTED, "restart(ledger)"); // at 2100 ms monotonic
            }
        }

        RecoveryMeasurement m = analysis.measure("write", timeline);
        assertThat(Measurements.markRecovered(timeline, m)).isPresent();
        assertThat(timeline.first(Marker.RECOVERED)).contains(m.firstSteadySuccess());
        assertThat(Measurements.markRecovered(timeline, m)).isEmpty();
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(2_010));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(910));
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void withNoRecoveryStepThereIsNoTtrEvenWhenTheFaultsAreRevertedAtTheEnd() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        clock.advanceMillis(1_000);
        timeline.mark(Marker.DISRUPTION, "kill(pg1)");
        for (int i = 0; i < 30; i++) {
            boolean up = i >= 20;   // an automatic failover: back after 2 s, no step of the drill did it
            timeline.record(new Observation("write", clock.now(), Duration.ofMillis(10), up, up ? null : "refused"));
            clock.advanceMillis(100);
        }
        timeline.mark(Marker.FAULT_REVERTED, "kill(pg1)");   // the drill's cleanup

        RecoveryMeasurement m = analysis.measure("write", timeline);

        assertThat(m.rto()).isEqualTo(Duration.ofMillis(2_010));
        assertThat(m.ttr()).as("no recovery step started: TTR does not apply").isNull();
    }

    // Failure windows and the last one: immediate, delayed, two windows, flapping, none at all.

    @Test
    void anImmediateOutageIsOneWindowFromTheDisruptionToTheSteadyRun() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 4_000, false));
        obs.addAll(probes("write", 4_000, 8_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(500), at(1_000), at(3_000));
        assertThat(m.windows()).containsExactly(new FailureWindow(at(1_000), at(4_010), 30));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(3_010));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(1_010));
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(10));
        assertThat(m.outageObserved()).isEqualTo(Duration.ofMillis(3_010));
        assertThat(m.failedTotal()).isEqualTo(Duration.ofMillis(3_010));
        assertThat(m.failures()).isEqualTo(30);
    }

    /**
     * The case seen on an HA cluster: the leader keeps taking writes for 5.4 s after the fault, then the path is down
     * until 27.9 s. The successes right after the fault must not make RTO 100 ms: RTO ends after the outage.
     */
    @Test
    void aDelayedOutageIsCoveredByRtoNotScoredByTheSuccessesBeforeItBit() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 5_400, true));
        obs.addAll(probes("write", 5_400, 27_900, false));
        obs.addAll(probes("write", 27_900, 35_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(0), at(0), at(10_000));
        assertThat(m.windows()).containsExactly(new FailureWindow(at(5_400), at(27_910), 225));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(27_910));
        assertThat(m.ttr()).isEqualTo(Duration.ofMillis(17_910));
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(5_410));
        assertThat(m.outageObserved()).isEqualTo(Duration.ofMillis(22_510));
        assertThat(m.rto()).as("RTO is never shorter than the detection").isGreaterThan(m.detection());
    }

    @Test
    void twoWindowsEndRtoAfterTheSecondAndSumTheirLengths() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 2_000, false));   // 10 failures
        obs.addAll(probes("write", 2_000, 5_000, true));    // steady again
        obs.addAll(probes("write", 5_000, 6_500, false));   // 15 failures: the fault's second bite
        obs.addAll(probes("write", 6_500, 9_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(500), at(1_000), at(1_500));
        assertThat(m.windows()).containsExactly(new FailureWindow(at(1_000), at(2_010), 10),
                new FailureWindow(at(5_000), at(6_510), 15));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(5_510));
        assertThat(m.firstSteadySuccess()).isEqualTo(at(6_510));
        assertThat(m.failedTotal()).isEqualTo(Duration.ofMillis(1_010 + 1_510));
        assertThat(m.outageObserved()).as("first failure to the end of the last window").isEqualTo(Duration.ofMillis(5_510));
        assertThat(m.detection()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aFlappingRecoveryIsOneWindowUntilKSuccessesInARow() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 2_000, false));
        for (long t = 2_000; t < 4_000; t += 400) {   // up three times, down once: never five in a row
            obs.addAll(probes("write", t, t + 300, true));
            obs.add(fail("write", t + 300, 10));
        }
        obs.addAll(probes("write", 4_000, 6_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(500), at(1_000), at(1_500));
        assertThat(m.windows()).hasSize(1);
        assertThat(m.windows().get(0)).isEqualTo(new FailureWindow(at(1_000), at(4_010), 15));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(3_010));
    }

    @Test
    void noOutageAtAllHasNoWindowsNoDetectionAndNoObservedOutage() {
        RecoveryMeasurement m = analysis.measure("write", probes("write", 0, 5_000, true), at(500), at(1_000), at(2_000));

        assertThat(m.windows()).isEmpty();
        assertThat(m.failed()).isFalse();
        assertThat(m.detection()).isNull();
        assertThat(m.outageObserved()).isNull();
        assertThat(m.failedTotal()).isEqualTo(Duration.ZERO);
        assertThat(m.rto()).as("the first steady run after the disruption").isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aWindowThatNeverClosesMeansNeverRecoveredEvenAfterAnEarlierRecovery() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 2_000, false));
        obs.addAll(probes("write", 2_000, 4_000, true));
        obs.addAll(probes("write", 4_000, 9_000, false));

        RecoveryMeasurement m = analysis.measure("write", obs, at(500), at(1_000), at(1_500));
        assertThat(m.recovered()).isFalse();
        assertThat(m.rto()).isNull();
        assertThat(m.windows()).hasSize(2);
        assertThat(m.windows().get(1).closed()).isFalse();
        assertThat(m.outageObserved()).isNull();
    }

    @Test
    void outageAsObservedStartsAtAFailureAfterSteadyProvenEvenBeforeTheDisruptionIsMarked() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_000, true));
        obs.addAll(probes("write", 1_000, 3_000, false));   // the first failure came 50 ms before 'disruption'
        obs.addAll(probes("write", 3_000, 5_000, true));

        RecoveryMeasurement m = analysis.measure("write", obs, at(200), at(1_050), at(2_000));
        assertThat(m.windows()).containsExactly(new FailureWindow(at(1_100), at(3_010), 19));
        assertThat(m.outageObserved()).isEqualTo(Duration.ofMillis(2_010));
        assertThat(m.rto()).isEqualTo(Duration.ofMillis(1_960));
    }

    @Test
    void refusesToMeasureWithoutADisruption() {
        Timeline timeline = new Timeline(new ManualClock());
        assertThatThrownBy(() -> analysis.measure("write", timeline))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'write'")
                .hasMessageContaining("disruption");
        assertThatThrownBy(() -> analysis.withSteadyRun(0)).hasMessageContaining("steadyRun");
    }
}
