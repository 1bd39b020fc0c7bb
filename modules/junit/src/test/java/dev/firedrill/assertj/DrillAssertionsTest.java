package dev.firedrill.assertj;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static dev.firedrill.assertj.DrillAssertions.softlyAssertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.DrillResult;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.Phase;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.Verdict;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Measurements;
import dev.firedrill.measure.OperationLedger;
import dev.firedrill.measure.ReadBack;
import dev.firedrill.measure.Slos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillAssertionsTest {

    /**
     * D01-like history on a manual clock: 100 ms probes and writes; the service is down from 1 s
     * to {@code downUntilMs}; restart at 11 s; write 3 (acknowledged at 210 ms) is lost.
     */
    static DrillResult drill(long downUntilMs, boolean loseWrite) {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        OperationLedger ledger = new OperationLedger(clock);
        TimePoint started = clock.now();
        ReadBack.Builder readBack = ReadBack.builder();
        for (long t = 0; t < 80_000; t += 100) {
            if (t == 1_000) {
                timeline.mark(Marker.DISRUPTION, "kill(ledger)");
            }
            if (t == 11_000) {
                timeline.mark(Marker.RECOVERY_STARTED, "restart(ledger)");
            }
            if (t == downUntilMs) {
                timeline.mark(Marker.RECOVERED, "steady again"); // as the runner marks it
            }
            boolean up = t < 1_000 || t >= downUntilMs;
            timeline.record(new Observation("write", clock.now(), Duration.ofMillis(10), up, up ? null : "refused"));
            long id = ledger.invoke();
            clock.advanceMillis(10);
            if (up) {
                ledger.acknowledged(id);
                if (!(loseWrite && id == 3)) {
                    readBack.add(id);
                }
            } else {
                ledger.failed(id, "connection refused");
            }
            clock.advanceMillis(90);
        }
        timeline.mark(Marker.END, "done");
        LedgerReport report = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(ledger.records(), readBack.build());
        DrillMeasurements m = Measurements.compute(timeline, report);
        var objectives = List.of(Slos.rto("write", Duration.ofSeconds(45)).judge(m),
                Slos.noAcknowledgedWritesLost().judge(m));
        Verdict verdict = objectives.stream().allMatch(o -> o.passed()) ? Verdict.PASSED : Verdict.FAILED;
        return new DrillResult("D01", "API service down", List.of("smoke", "regression"), "004 §Scenario 1", verdict,
                verdict == Verdict.FAILED ? "objectives missed" : null, m, objectives, List.of(), started, clock.now());
    }

    @Test
    void softAssertionsReportEveryMissedObjectiveAtOnce() {
        DrillResult result = drill(49_200, true);

        DrillResultAssert softly = softlyAssertThat(result)
                .recoveredWithin(Duration.ofSeconds(45))
                .lostNoAcknowledgedWrites()
                .rpoWindowAtMost(Duration.ofSeconds(1))
                .errorRateBelow("write", Phase.DURING, 0.01)
                .ttrAtMost(Duration.ofSeconds(40));

        assertThatThrownBy(softly::verify)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Drill 'D01' (API service down) missed 3 objectives:")
                .hasMessageContaining("1) Drill 'D01' (API service down): RTO of path 'write' (phase recovery) was "
                        + "PT48.21S, target ≤ PT45S: missed")
                .hasMessageContaining("2) Drill 'D01' (API service down): Lost acknowledged writes (whole drill) was 1")
                .hasMessageContaining("3) Drill 'D01' (API service down): Error rate of path 'write' (phase during) "
                        + "was 100 % (100 of 100), target < 1 %: missed")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getSuppressed()).hasSize(3));
    }

    @Test
    void aDrillThatMetItsObjectivesVerifiesQuietly() {
        DrillResult result = drill(14_000, false);
        assertThatCode(() -> assertThat(result)
                .recoveredWithin(Duration.ofSeconds(45))
                .ttrAtMost("write", Duration.ofSeconds(10))
                .lostAtMost(0)
                .lostNoAcknowledgedWrites()
                .percentileBelow("write", Phase.AFTER, 95, Duration.ofMillis(500))
                .metAllObjectives()
                .hasVerdict(Verdict.PASSED)
                .verify()).doesNotThrowAnyException();
    }

    @Test
    void aSoftAssertionWithoutVerifyAssertsNothingWhichIsWhyItIsOptIn() {
        DrillResult result = drill(49_200, true);
        assertThatCode(() -> softlyAssertThat(result).recoveredWithin(Duration.ofSeconds(45))).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(softlyAssertThat(result).recoveredWithin(Duration.ofSeconds(45)).errors()).hasSize(1);
    }

    @Test
    void metAllObjectivesListsEachOneTheRunnerMissed() {
        DrillResult result = drill(49_200, true);
        assertThatThrownBy(() -> assertThat(result).metAllObjectives())
                .hasMessageContaining("missed 2 objectives")
                .hasMessageContaining("RTO of path 'write'")
                .hasMessageContaining("Lost acknowledged writes");
    }

    @Test
    void assertionsAreHardByDefaultAndFailAtTheFirstMissWithoutVerify() {
        DrillResult result = drill(49_200, true);
        assertThatThrownBy(() -> assertThat(result).lostAtMost(0).recoveredWithin(Duration.ofSeconds(45)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Lost acknowledged writes")
                .hasMessageNotContaining("RTO");
    }

    @Test
    void verdictMismatchNamesTheRunnersReason() {
        DrillResult result = drill(49_200, false);
        assertThatThrownBy(() -> assertThat(result).hasVerdict(Verdict.PASSED))
                .hasMessageContaining("verdict was failed, expected passed (reason: objectives missed)");
    }

    @Test
    void descriptionPrefixesSoftFailures() {
        DrillResult result = drill(49_200, false);
        assertThatThrownBy(() -> softlyAssertThat(result).as("quarterly %s", "Q4").recoveredWithin(Duration.ofSeconds(1)).verify())
                .hasMessageStartingWith("[quarterly Q4] Drill 'D01'");
    }

    @Test
    void drillSoftAssertionsCollectAcrossResults() {
        DrillResult slow = drill(49_200, false);
        DrillResult lossy = drill(14_000, true);
        assertThatThrownBy(() -> DrillSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(slow).recoveredWithin(Duration.ofSeconds(45)).lostNoAcknowledgedWrites();
            softly.assertThat(lossy).recoveredWithin(Duration.ofSeconds(45)).lostNoAcknowledgedWrites();
        })).hasMessageContaining("RTO of path 'write' (phase recovery) was PT48.21S")
                .hasMessageContaining("Lost acknowledged writes (whole drill) was 1")
                .hasMessageContaining("failure 2");
    }
}
