package dev.firedrill.measure;

import static dev.firedrill.measure.History.at;
import static dev.firedrill.measure.History.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Phase;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlosTest {

    /** Write path down from 1000 ms to 49200 ms; read path fine; writes 7..10 lost before the disruption. */
    static DrillMeasurements outage() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        timeline.mark(Marker.DISRUPTION, "kill(ledger)", at(1_000));
        timeline.mark(Marker.RECOVERY_STARTED, "restart(ledger)", at(11_000));
        timeline.mark(Marker.RECOVERED, "steady", at(49_200));
        timeline.mark(Marker.END, "done", at(70_000));
        for (long t = 0; t < 70_000; t += 100) {
            boolean up = t < 1_000 || t >= 49_200;
            timeline.record(new Observation("write", at(t), Duration.ofMillis(up ? 10 : 2_000), up, up ? null : "HTTP 503"));
            timeline.record(ok("read", t, t % 1_000 == 0 ? 600 : 20));
        }
        LedgerReport ledger = LedgerAnalysis.of(at(1_000))
                .analyse(History.steadyWrites(10), ReadBack.of(1, 2, 3, 4, 5, 6));
        return Measurements.compute(timeline, ledger);
    }

    private final DrillMeasurements m = outage();

    @Test
    void rtoMessageNamesObjectivePhaseMeasuredAndTarget() {
        ObjectiveResult r = Slos.rto("write", Duration.ofSeconds(45)).judge(m);

        assertThat(r.passed()).isFalse();
        assertThat(r.name()).isEqualTo("rto(write)");
        assertThat(r.phase()).isEqualTo("recovery");
        assertThat(r.measured()).isEqualTo("48210");
        assertThat(r.target()).isEqualTo("≤ 45000");
        assertThat(r.unit()).isEqualTo("ms");
        assertThat(r.message()).isEqualTo("RTO of path 'write' (phase recovery) was PT48.21S, target ≤ PT45S: missed");
        assertThat(Slos.rto("write", Duration.ofMillis(48_210)).judge(m).passed()).isTrue();
    }

    @Test
    void ttrAndDetectionAreJudgedOnTheirOwnFigures() {
        assertThat(Slos.ttr("write", Duration.ofSeconds(40)).judge(m).message())
                .isEqualTo("TTR of path 'write' (phase recovery) was PT38.21S, target ≤ PT40S: met");
        ObjectiveResult detection = Slos.detectionWithin("write", Duration.ofSeconds(1)).judge(m);
        assertThat(detection.message())
                .isEqualTo("Detection of path 'write' (phase during) was PT2S, target ≤ PT1S: missed");
    }

    @Test
    void namingTheCauseCountsFailedAnswersBetweenDisruptionAndRecoveryStart() {
        ObjectiveResult named = Slos.namesCause("write", "503").judge(m);
        assertThat(named.passed()).isTrue();
        assertThat(named.message()).isEqualTo(
                "Readiness of path 'write' (phase during) named '503' in 100 of 100 answers (100 failed; last: HTTP 503), target at least one: met");
        assertThat(Slos.namesCause("write", "too many clients").judge(m).message()).isEqualTo(
                "Readiness of path 'write' (phase during) named 'too many clients' in 0 of 100 answers (100 failed; last: HTTP 503),"
                        + " target at least one: missed");
        assertThat(Slos.namesCause("read", "too many clients").judge(m).message()).isEqualTo(
                "Readiness of path 'read' (phase during) named 'too many clients' in 0 of 100 answers (0 failed; last: a success),"
                        + " target at least one: missed");
    }

    @Test
    void aPathThatNeverRecoveredOrWasNeverProbedMissesItsRto() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        timeline.mark(Marker.DISRUPTION, "kill(ledger)", at(0));
        timeline.record(History.fail("write", 100, 5));
        DrillMeasurements down = Measurements.compute(timeline, null);

        ObjectiveResult never = Slos.rto("write", Duration.ofSeconds(45)).judge(down);
        assertThat(never.passed()).isFalse();
        assertThat(never.measured()).isNull();
        assertThat(never.message()).isEqualTo(
                "RTO of path 'write' (phase recovery) was not measured (the path never recovered), target ≤ PT45S: missed");
        assertThat(Slos.rto("read", Duration.ofSeconds(45)).judge(down).message())
                .contains("path 'read' was not probed");
        assertThat(Slos.noAcknowledgedWritesLost().judge(down).message()).contains("no writer ran");
    }

    @Test
    void anExpectedOutagePassesOnAPathThatWentDownAndFailsOnOneThatNeverDid() {
        ObjectiveResult down = Slos.outageExpected("write").judge(m);
        assertThat(down.passed()).isTrue();
        assertThat(down.name()).isEqualTo("expect-outage(write)");
        assertThat(down.measured()).isEqualTo("1");
        assertThat(down.message()).startsWith("Path 'write' went down as expected: 1 window, 482 failed observations");

        ObjectiveResult neverBit = Slos.outageExpected("read").judge(m);
        assertThat(neverBit.passed()).isFalse();
        assertThat(neverBit.measured()).isEqualTo("0");
        assertThat(neverBit.message()).isEqualTo("Path 'read' was expected to go down after the disruption, but none of its 700"
                + " observations failed after it: the fault never bit, so its RTO says nothing");
        assertThat(Slos.outageExpected("cache").judge(m).passed()).as("a path never probed").isFalse();
        assertThatThrownBy(() -> Slos.outageExpected(" ")).hasMessageContaining("path must not be blank");
    }

    @Test
    void lostWritesObjectivesUseTheLedgerReport() {
        ObjectiveResult none = Slos.noAcknowledgedWritesLost().judge(m);
        assertThat(none.passed()).isFalse();
        assertThat(none.measured()).isEqualTo("4");
        assertThat(none.message()).isEqualTo("Lost acknowledged writes (whole drill) was 4 (rpo_lost_writes 4, "
                + "lost_after_disruption 0; lost ids [7, 8, 9, 10]), target ≤ 0: missed");
        assertThat(Slos.atMostLostWrites(4).judge(m).passed()).isTrue();
        assertThat(Slos.atMostLostWrites(3).judge(m).passed()).isFalse();

        ObjectiveResult window = Slos.rpoWindowAtMost(Duration.ofSeconds(1)).judge(m);
        assertThat(window.passed()).isTrue();
        assertThat(window.measured()).isEqualTo("390");
        assertThat(window.message()).isEqualTo("RPO window (whole drill) was PT0.39S (4 writes), target ≤ PT1S: met");
    }

    @Test
    void writesLostAfterTheDisruptionFailEvenWithinTheRpoBudget() {
        List<OperationRecord> ops = List.of(History.ack(1, 0, 10), History.ack(2, 990, 1_010));
        LedgerReport r = LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of(1));
        DrillMeasurements mm = new DrillMeasurements(java.util.Map.of(), r, java.util.Map.of(),
                new Timeline(new ManualClock()));
        ObjectiveResult result = Slos.atMostLostWrites(5).judge(mm);
        assertThat(result.passed()).isFalse();
        assertThat(result.message()).contains("lost_after_disruption 1, which must be 0");
    }

    @Test
    void recoveryPointObjectivesAreMissedWhenNotApplicable() {
        assertThat(Slos.lostBeforeRecoveryPointNone().judge(m).message()).isEqualTo(
                "Acknowledged writes lost before the recovery point (whole drill) was not measured "
                        + "(no recovery-point marker), target ≤ 0: missed");
        LedgerReport pitr = LedgerAnalysis.pointInTime(at(505), at(500))
                .analyse(History.steadyWrites(5), ReadBack.of(1, 2, 3, 4, 5));
        DrillMeasurements mm = new DrillMeasurements(java.util.Map.of(), pitr, java.util.Map.of(),
                new Timeline(new ManualClock()));
        assertThat(Slos.lostBeforeRecoveryPointNone().judge(mm).passed()).isTrue();
        assertThat(Slos.presentAfterTargetNone().judge(mm).message()).isEqualTo(
                "Writes present that were invoked after the recovery target (whole drill) was 0, target ≤ 0: met");
    }

    @Test
    void aRestoreLosesExactlyTheWritesSinceTheRecoveryPointOrTheObjectiveSaysWhatElse() {
        List<OperationRecord> ops = List.of(History.ack(1, 0, 10), History.ack(2, 600, 610), History.ack(3, 1_100, 1_110),
                History.ack(4, 3_100, 3_110));
        LedgerAnalysis backup = LedgerAnalysis.restoringBackup(at(1_000), at(500)).withRecovery(at(2_000), at(3_000));
        java.util.function.Function<LedgerReport, ObjectiveResult> judge = r -> Slos.lostExactlySinceRecoveryPoint().judge(
                new DrillMeasurements(java.util.Map.of(), r, java.util.Map.of(), new Timeline(new ManualClock())));

        ObjectiveResult exact = judge.apply(backup.analyse(ops, ReadBack.of(1, 4)));
        assertThat(exact.passed()).as(exact.message()).isTrue();
        assertThat(exact.message()).isEqualTo("Writes lost by the restore (whole drill) was 2 of the 2 acknowledged since the recovery"
                + " point; 0 lost from before it, 0 lost after the restore, target = the 2 since the recovery point, none else: met");
        ObjectiveResult kept = judge.apply(backup.analyse(ops, ReadBack.of(1, 2, 3, 4)));
        assertThat(kept.passed()).isFalse();
        assertThat(kept.message()).contains("0 of the 2 acknowledged since the recovery point (2 still present, which must be 0)");
        ObjectiveResult tooMany = judge.apply(backup.analyse(ops, ReadBack.of(4)));
        assertThat(tooMany.passed()).isFalse();
        assertThat(tooMany.message()).contains("1 lost from before it");
        assertThat(judge.apply(LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of(1, 2, 3, 4))).message())
                .contains("not measured (not a restore drill with recovery-point and recovery-started markers)");
    }

    @Test
    void phaseObjectivesNamePathPhaseMeasuredAndTarget() {
        ObjectiveResult errors = Slos.errorRateBelow("write", Phase.DURING, 0.01).judge(m);
        assertThat(errors.passed()).isFalse();
        assertThat(errors.name()).isEqualTo("error-rate(write, during)");
        assertThat(errors.phase()).isEqualTo("during");
        assertThat(errors.measured()).isEqualTo("1");
        assertThat(errors.unit()).isEqualTo("ratio");
        assertThat(errors.message()).isEqualTo(
                "Error rate of path 'write' (phase during) was 100 % (100 of 100), target < 1 %: missed");

        // read: 20 ms, and 600 ms once a second: p95 of 'before' (10 observations) = 600 ms
        ObjectiveResult p95 = Slos.latencyPercentileBelow("read", Phase.BEFORE, 95, Duration.ofMillis(500)).judge(m);
        assertThat(p95.message()).isEqualTo(
                "p95 latency of path 'read' (phase before) was PT0.6S (10 observations), target < PT0.5S: missed");
        assertThat(Slos.latencyPercentileBelow("read", Phase.AFTER, 50, Duration.ofMillis(500)).judge(m).passed())
                .isTrue();
    }

    @Test
    void misuseIsAnIllegalArgumentNamingTheValue() {
        assertThatThrownBy(() -> Slos.errorRateBelow("read", Phase.DURING, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.01 for 1 %");
        assertThatThrownBy(() -> Slos.latencyPercentileBelow("read", Phase.DURING, 90, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("90");
        assertThatThrownBy(() -> Slos.rto("write", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RTO of path 'write'");
        assertThatThrownBy(() -> Slos.atMostLostWrites(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
