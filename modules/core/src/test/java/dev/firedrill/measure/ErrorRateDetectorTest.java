package dev.firedrill.measure;

import static dev.firedrill.measure.History.at;
import static dev.firedrill.measure.History.fail;
import static dev.firedrill.measure.History.ok;
import static dev.firedrill.measure.History.probes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRateDetectorTest {

    private final ErrorRateDetector detector = ErrorRateDetector.defaults();

    @Test
    void firesWhenTheErrorRateOverTheLastFiveSecondsExceedsFivePercent() {
        // 100 ms probes; from 5000 ms a bad release fails 3 requests in 10.
        List<Observation> obs = new ArrayList<>(probes("write", 0, 5_000, true));
        for (int j = 0; j < 50; j++) {
            long t = 5_000 + j * 100L;
            obs.add(j % 10 == 0 || j % 10 == 3 || j % 10 == 6 ? fail("write", t, 10) : ok("write", t, 10));
        }
        // At 5310 ms: 2 errors in the 50 observations ending in (310, 5310] = 4 %; at 5610 ms: 3 / 50 = 6 %.
        assertThat(detector.firstFiring(obs, at(5_000))).contains(at(5_610));

        var byFirstFailure = RecoveryAnalysis.defaults().measure("write", obs, at(5_000), at(9_000));
        assertThat(byFirstFailure.detection()).isEqualTo(java.time.Duration.ofMillis(10));
        var byErrorRate = detector.applyTo(byFirstFailure, obs, at(5_000));
        assertThat(byErrorRate.detection()).isEqualTo(java.time.Duration.ofMillis(610));
        assertThat(byErrorRate.firstFailure()).isEqualTo(at(5_610));
        assertThat(byErrorRate.rto()).isEqualTo(byFirstFailure.rto());
    }

    @Test
    void countedFromTheFaultsEffectTheGapBeforeItIsNotJudged() {
        // A release deployed at 5000 ms: the recreation refuses everything until 8000 ms, then the release fails 3 in 10.
        List<Observation> obs = new ArrayList<>(probes("write", 0, 5_000, true));
        obs.addAll(probes("write", 5_000, 8_000, false));
        for (int j = 0; j < 50; j++) {
            long t = 8_000 + j * 100L;
            obs.add(j % 10 == 0 || j % 10 == 3 || j % 10 == 6 ? fail("write", t, 10) : ok("write", t, 10));
        }
        var fromDisruption = detector.on("write");
        var fromEffect = fromDisruption.fromEffect();
        // The window reaches back into the steady state: the third refusal makes 3 in 50 (6 %).
        assertThat(fromDisruption.firedAt(obs, at(5_000))).as("the deploy gap fires it").contains(at(5_210));
        // From 8000 ms: 20 observations are needed, 6 of the first 20 failed (30 %): it fires on the 20th, at 9910 ms.
        assertThat(fromEffect.firedAt(obs, at(8_000))).as("only the release's own failures").contains(at(9_910));
        assertThat(fromEffect.countsFrom()).isEqualTo(dev.firedrill.Marker.FAULT_VERIFIED);
        assertThat(fromEffect.name()).endsWith("counted from fault-verified");
    }

    @Test
    void needsAtLeastTwentyObservationsInTheWindow() {
        List<Observation> obs = probes("write", 0, 1_900, false); // 19 failures
        assertThat(detector.firstFiring(obs)).isEmpty();
        obs.add(fail("write", 1_900, 10));
        assertThat(detector.firstFiring(obs)).contains(at(1_910));
    }

    @Test
    void anErrorRateEqualToTheThresholdDoesNotFire() {
        List<Observation> obs = new ArrayList<>(probes("write", 0, 1_900, true));
        obs.add(fail("write", 1_900, 10)); // 1 in 20 = 5 %
        assertThat(detector.firstFiring(obs)).isEmpty();
        assertThat(detector.withThreshold(0.04).firstFiring(obs)).contains(at(1_910));
    }

    @Test
    void oldFailuresLeaveTheWindow() {
        List<Observation> obs = new ArrayList<>();
        obs.add(fail("write", 0, 10));
        obs.add(fail("write", 100, 10));
        obs.addAll(probes("write", 5_200, 8_000, true));
        obs.add(fail("write", 8_000, 10));
        assertThat(detector.firstFiring(obs)).isEmpty();
    }

    @Test
    void theLiveDetectorAgreesWithTheRecordedComputation() {
        ErrorRateDetector.Live live = detector.live();
        boolean fired = false;
        for (Observation o : probes("write", 0, 2_000, false)) {
            fired = live.offer(o);
        }
        assertThat(fired).isTrue();
        assertThat(live.firedAt()).contains(at(1_910));
        assertThat(live.errorRate()).isEqualTo(1.0);
    }
}
