package dev.firedrill.measure;

import static dev.firedrill.measure.History.ack;
import static dev.firedrill.measure.History.at;
import static dev.firedrill.measure.History.attempt;
import static dev.firedrill.measure.History.failed;
import static dev.firedrill.measure.History.indeterminate;
import static dev.firedrill.measure.History.steadyWrites;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerAnalysisTest {

    @Test
    void reportsLostAcknowledgedWritesAfterAsyncFailover() {
        // Writes 1..10 acknowledged at 10, 110, ..., 910 ms; the primary dies at 1000 ms and the
        // promoted replica had received writes 1..6 only.
        LedgerReport r = LedgerAnalysis.of(at(1_000)).analyse(steadyWrites(10), ReadBack.of(1, 2, 3, 4, 5, 6));

        assertThat(r.invoked()).isEqualTo(10);
        assertThat(r.acknowledged()).isEqualTo(10);
        assertThat(r.lost()).containsExactly(7L, 8L, 9L, 10L);
        assertThat(r.rpoLostWrites()).isEqualTo(4);
        assertThat(r.rpoWindow()).isEqualTo(Duration.ofMillis(1_000 - 610));
        assertThat(r.lostAfterDisruption()).isZero();
        assertThat(r.discardedAfterDisruption()).isNull();
        assertThat(r.lostBeforeRecoveryPoint()).isNull();
        assertThat(r.presentAfterTarget()).isNull();
    }

    @Test
    void judgesWritesInFlightAtTheDisruption() {
        List<OperationRecord> ops = new ArrayList<>(steadyWrites(3)); // 1..3 safe, acked by 210 ms
        ops.add(ack(4, 950, 1_020));          // in flight, acknowledged after the disruption, absent
        ops.add(indeterminate(5, 960, 3_000)); // in flight, timed out, present
        ops.add(indeterminate(6, 970, 3_000)); // in flight, timed out, absent
        ops.add(failed(7, 1_100, 1_105));      // after the disruption, 503, absent
        ops.add(failed(8, 1_200, 1_205));      // 503 but committed anyway: present
        LedgerReport r = LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of(1, 2, 3, 5, 8));

        assertThat(r.invoked()).isEqualTo(8);
        assertThat(r.acknowledged()).isEqualTo(4);
        assertThat(r.indeterminate()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.indeterminateIds()).as("listed, whether present or not").containsExactly(5L, 6L);
        assertThat(r.failedIds()).containsExactly(7L, 8L);
        assertThat(r.lost()).containsExactly(4L);
        assertThat(r.rpoLostWrites()).isZero();
        assertThat(r.rpoWindow()).isEqualTo(Duration.ZERO);
        assertThat(r.lostAfterDisruption()).isEqualTo(1);
        assertThat(r.recovered()).isEqualTo(1);
        assertThat(r.failedButPresent()).isEqualTo(1);
        assertThat(r.unexpected()).isZero();
    }

    @Test
    void countsRetriesOfTheSameIdOnceAndReportsDuplicatesAndUnexpected() {
        List<OperationRecord> ops = List.of(
                History.attempt(1, 1, Outcome.INDETERMINATE, 0, 2_000),
                History.attempt(2, 1, Outcome.FAILED, 100, 110),
                History.attempt(1, 2, Outcome.ACKNOWLEDGED, 2_100, 2_110),
                History.attempt(2, 2, Outcome.FAILED, 2_200, 2_210),
                History.attempt(3, 1, Outcome.INDETERMINATE, 2_300, 4_300),
                History.attempt(3, 2, Outcome.INDETERMINATE, 4_400, 6_400));
        // The service stored id 1 twice (no idempotency) and id 99, which nobody wrote.
        LedgerReport r = LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of(1, 1, 99, 3));

        assertThat(r.invoked()).isEqualTo(3);
        assertThat(r.attempts()).isEqualTo(6);
        assertThat(r.acknowledged()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.indeterminate()).isEqualTo(1);
        assertThat(r.failedIds()).containsExactly(2L);
        assertThat(r.indeterminateIds()).as("id 1 was acknowledged on a retry").containsExactly(3L);
        assertThat(r.recovered()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.unexpected()).isEqualTo(1);
        assertThat(r.lost()).isEmpty();
    }

    @Test
    void earliestAcknowledgementOfARetriedIdDecidesItsRpo() {
        List<OperationRecord> ops = List.of(
                attempt(1, 1, Outcome.ACKNOWLEDGED, 0, 100),
                attempt(1, 2, Outcome.ACKNOWLEDGED, 1_500, 1_600));
        LedgerReport r = LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of());

        assertThat(r.rpoLostWrites()).isEqualTo(1);
        assertThat(r.rpoWindow()).isEqualTo(Duration.ofMillis(900));
        assertThat(r.lostAfterDisruption()).isZero();
    }

    @Test
    void reportsNothingWhenNothingFailed() {
        LedgerReport r = LedgerAnalysis.of(at(1_000))
                .analyse(steadyWrites(5), ReadBack.of(1, 2, 3, 4, 5));

        assertThat(r.lost()).isEmpty();
        assertThat(r.rpoLostWrites()).isZero();
        assertThat(r.rpoWindow()).isEqualTo(Duration.ZERO);
        assertThat(r.lostAfterDisruption()).isZero();
        assertThat(r.unexpected() + r.recovered() + r.duplicates() + r.failed() + r.indeterminate()).isZero();
        assertThat(r.inFlightAtRecoveryPoint()).isEmpty();
    }

    @Test
    void rpoWindowComesFromMonotonicTimeWhenTheWallClockStepsBack() {
        ManualClock clock = new ManualClock();
        OperationLedger ledger = new OperationLedger(clock);
        Timeline timeline = new Timeline(clock);
        for (int i = 0; i < 5; i++) {
            long id = ledger.invoke();
            clock.advanceMillis(10);
            ledger.acknowledged(id);
            clock.advanceMillis(90);
            if (i == 2) {
                clock.jumpWall(Duration.ofHours(-1)); // NTP steps the wall clock back by an hour
            }
        }
        timeline.mark(Marker.DISRUPTION, "kill(postgres)"); // at 500 ms monotonic
        LedgerReport r = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(ledger.records(), ReadBack.of(1, 2));

        assertThat(r.lost()).containsExactly(3L, 4L, 5L);
        assertThat(r.rpoLostWrites()).isEqualTo(3);
        assertThat(r.rpoWindow()).isEqualTo(Duration.ofMillis(500 - 210));
        assertThat(LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.NONE)
                .analyse(ledger, ReadBack.of(1, 2))).isEqualTo(r);
    }

    @Test
    void judgesLostWritesAgainstTheBackupsRecoveryPoint() {
        // Backup snapshot at 500 ms, database destroyed at 1000 ms, backup restored.
        List<OperationRecord> ops = new ArrayList<>(steadyWrites(10));
        ops.add(ack(11, 990, 1_005)); // in flight at the disaster, acknowledged after it
        TimePoint recoveryPoint = at(500);

        LedgerReport intact = LedgerAnalysis.restoringBackup(at(1_000), recoveryPoint)
                .analyse(ops, ReadBack.of(1, 2, 3, 4, 5));
        assertThat(intact.lost()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(intact.rpoLostWrites()).isEqualTo(5);
        assertThat(intact.rpoWindow()).isEqualTo(Duration.ofMillis(1_000 - 510));
        assertThat(intact.lostAfterDisruption()).isZero();
        assertThat(intact.discardedAfterDisruption()).isEqualTo(1);
        assertThat(intact.lostBeforeRecoveryPoint()).isZero();
        assertThat(intact.presentAfterTarget()).isNull();

        LedgerReport brokenBackup = LedgerAnalysis.restoringBackup(at(1_000), recoveryPoint)
                .analyse(ops, ReadBack.of(1, 2, 4, 5));
        assertThat(brokenBackup.lostBeforeRecoveryPoint()).isEqualTo(1);
    }

    @Test
    void judgesPointInTimeRecoveryAndLeavesWritesInFlightAcrossTheTargetUnjudged() {
        // Recovery target 500 ms, the bad migration runs at 505 ms.
        List<OperationRecord> ops = new ArrayList<>(steadyWrites(5)); // acked 10..410 ms
        ops.add(ack(6, 450, 520));                // in flight across the target
        ops.add(indeterminate(7, 480, 2_480));     // in flight across the target, never answered
        ops.add(ack(8, 600, 610));                 // after the target
        ops.add(ack(9, 700, 710));                 // after the target
        LedgerReport r = LedgerAnalysis.pointInTime(at(505), at(500))
                .analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 9)); // 9 should not have survived

        assertThat(r.lostBeforeRecoveryPoint()).isZero();
        assertThat(r.presentAfterTarget()).isEqualTo(1);
        assertThat(r.inFlightAtRecoveryPoint()).containsExactly(6L, 7L);
        assertThat(r.lost()).containsExactly(6L, 8L);
        assertThat(r.rpoLostWrites()).isZero();
        assertThat(r.discardedAfterDisruption()).isEqualTo(2);
        assertThat(r.lostAfterDisruption()).isZero();
    }

    @Test
    void pointInTimeJudgesOnlyWritesBeforeTheRecoveryAsDiscardedAndWritesToTheRestoredServerNormally() {
        // Target 500 ms, bad migration 505 ms, recovery started 2 000 ms (the damaged server still answers
        // until it is stopped), restored server repointed and the procedure finished at 3 000 ms.
        List<OperationRecord> ops = new ArrayList<>(steadyWrites(5)); // acked 10..410 ms, before the target
        ops.add(ack(6, 502, 504));       // between target and bad change: lost, the RPO (window 505 - 504 ms)
        ops.add(ack(7, 1_000, 1_010));   // after the bad change, on the damaged server: must be gone
        ops.add(ack(8, 2_050, 2_060));   // after the recovery started, before the damaged server stopped: discarded
        ops.add(failed(9, 2_500, 2_510)); // while no server answered
        ops.add(ack(10, 3_100, 3_110));  // on the restored server: present, as it must be
        ops.add(ack(11, 3_200, 3_210));  // on the restored server and lost: a real failure
        LedgerAnalysis pitr = LedgerAnalysis.pointInTime(at(505), at(500)).withRecovery(at(2_000), at(3_000));

        LedgerReport good = pitr.analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 10, 11));
        assertThat(good.presentAfterTarget()).as("writes to the restored server are not 'present after the target'").isZero();
        assertThat(good.lostBeforeRecoveryPoint()).isZero();
        assertThat(good.rpoLostWrites()).isEqualTo(1);
        assertThat(good.rpoWindow()).isEqualTo(Duration.ofMillis(1));
        assertThat(good.discardedAfterDisruption()).isEqualTo(2);   // 7 and 8
        assertThat(good.lostAfterDisruption()).isZero();

        LedgerReport lostOnRestored = pitr.analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 10));
        assertThat(lostOnRestored.lostAfterDisruption()).as("write 11, acknowledged by the restored server").isEqualTo(1);
        assertThat(lostOnRestored.discardedAfterDisruption()).isEqualTo(2);

        LedgerReport badChangeReplayed = pitr.analyse(ops, ReadBack.of(1, 3, 5, 7, 10, 11));
        assertThat(badChangeReplayed.presentAfterTarget()).as("write 7 survived a restore to before it").isEqualTo(1);
        assertThat(badChangeReplayed.lostBeforeRecoveryPoint()).as("2 and 4 deleted by the bad change").isEqualTo(2);

        // Without the recovery markers every write after the target counts (the analysis of old).
        assertThat(LedgerAnalysis.pointInTime(at(505), at(500)).analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 10, 11))
                .presentAfterTarget()).isEqualTo(2);
    }

    @Test
    void pointInTimeReadsTheRecoveryMarkersFromTheTimeline() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        OperationLedger ledger = new OperationLedger(clock);
        long before = ledger.invoke();
        ledger.acknowledged(before);
        timeline.mark(Marker.RECOVERY_POINT, "target", clock.advanceMillis(100));
        timeline.mark(Marker.DISRUPTION, "bad change", clock.advanceMillis(5));
        long damaged = ledger.invoke();
        clock.advanceMillis(10);
        ledger.acknowledged(damaged);
        timeline.mark(Marker.RECOVERY_STARTED, "restore", clock.advanceMillis(1_000));
        timeline.mark(Marker.RECOVERY_FINISHED, "repointed", clock.advanceMillis(10_000));
        clock.advanceMillis(100);
        long restored = ledger.invoke();
        clock.advanceMillis(10);
        ledger.acknowledged(restored);

        LedgerReport r = LedgerAnalysis.fromTimeline(timeline, LedgerAnalysis.RestoreMode.POINT_IN_TIME)
                .analyse(ledger, ReadBack.of(before, restored));
        assertThat(r.presentAfterTarget()).isZero();
        assertThat(r.discardedAfterDisruption()).isEqualTo(1);
        assertThat(r.lostAfterDisruption()).isZero();
    }

    @Test
    void monotonicReadingsMayBeNegative() {
        // System.nanoTime has an arbitrary origin: only differences count.
        ManualClock clock = new ManualClock(ManualClock.DEFAULT_START, -3_000_000_000L);
        OperationLedger ledger = new OperationLedger(clock);
        long a = ledger.invoke();
        clock.advanceMillis(10);
        ledger.acknowledged(a);
        long b = ledger.invoke();
        TimePoint recoveryPoint = clock.advanceMillis(5);
        clock.advanceMillis(5);
        ledger.indeterminate(b, "timeout");
        ledger.retry(b);
        clock.advanceMillis(10);
        ledger.acknowledged(b);
        TimePoint disruption = clock.advanceMillis(100);

        LedgerReport r = LedgerAnalysis.restoringBackup(disruption, recoveryPoint).analyse(ledger, ReadBack.of(a));
        assertThat(r.lost()).containsExactly(b);
        assertThat(r.rpoWindow()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.lostBeforeRecoveryPoint()).isZero();
        assertThat(r.inFlightAtRecoveryPoint()).containsExactly(b);
    }

    @Test
    void withoutADisruptionEveryLostWriteCountsAndTheWindowIsNotApplicable() {
        LedgerReport r = LedgerAnalysis.of(null).analyse(steadyWrites(3), ReadBack.of(1, 3));
        assertThat(r.rpoLostWrites()).isEqualTo(1);
        assertThat(r.rpoWindow()).isNull();
    }

    @Test
    void treatsAnAttemptWithoutOutcomeAsIndeterminate() {
        OperationLedger ledger = new OperationLedger(new ManualClock());
        long id = ledger.invoke();
        LedgerReport absent = LedgerAnalysis.of(null).analyse(ledger.records(), ReadBack.of());
        LedgerReport present = LedgerAnalysis.of(null).analyse(ledger.records(), ReadBack.of(id));
        assertThat(absent.indeterminate()).isEqualTo(1);
        assertThat(absent.lost()).isEmpty();
        assertThat(present.recovered()).isEqualTo(1);
    }

    @Test
    void aBackupRestoreCountsTheWritesSinceTheRecoveryPointThatTheReplacedServerTookWithIt() {
        // Backup (recovery point) at 500 ms, bad release at 1 000 ms, recovery started 2 000 ms (the service still drains
        // and acknowledges until it stops), the restore step started 2 500 ms, the procedure finished at 3 000 ms.
        List<OperationRecord> ops = new ArrayList<>(steadyWrites(5)); // acked 10..410 ms, in the backup
        ops.add(ack(6, 600, 610));       // after the backup, before the release: on the old server
        ops.add(ack(7, 1_100, 1_110));   // on the old server, after the disruption
        ops.add(ack(8, 2_050, 2_060));   // acknowledged while the service drained, after recovery-started: old server too
        ops.add(ack(9, 3_100, 3_110));   // on the restored server: must be present
        LedgerAnalysis backup = LedgerAnalysis.restoringBackup(at(1_000), at(500)).withRecovery(at(2_000), at(3_000))
                .withRestoreStarted(at(2_500));

        LedgerReport exact = backup.analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 9));
        assertThat(exact.writtenSinceRecoveryPoint()).as("6, 7 and 8").isEqualTo(3);
        assertThat(exact.keptSinceRecoveryPoint()).isZero();
        assertThat(exact.lostCount()).isEqualTo(3);
        assertThat(exact.lostAfterDisruption()).isZero();

        LedgerReport notRestored = backup.analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(notRestored.keptSinceRecoveryPoint()).as("the server was never put back").isEqualTo(3);

        LedgerReport lostOnRestored = backup.analyse(ops, ReadBack.of(1, 2, 3, 4, 5));
        assertThat(lostOnRestored.lostAfterDisruption()).as("write 9, acknowledged by the restored server").isEqualTo(1);

        // Without the restoring step's start, recovery-started stands in: write 8 is not counted.
        LedgerReport coarse = LedgerAnalysis.restoringBackup(at(1_000), at(500)).withRecovery(at(2_000), at(3_000))
                .analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 9));
        assertThat(coarse.writtenSinceRecoveryPoint()).isEqualTo(2);
        // A drill that restores nothing reports neither.
        assertThat(LedgerAnalysis.of(at(1_000)).analyse(ops, ReadBack.of(1, 2, 3, 4, 5, 9)).writtenSinceRecoveryPoint()).isNull();
    }

    @Test
    void theRestoringStepIsTheLastStepStartedBeforeTheRestoreTargetNote() {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        timeline.note("step-started", "stack-down");
        clock.advanceMillis(100);
        timeline.note("step-finished", "stack-down");
        TimePoint restoring = clock.advanceMillis(100);
        timeline.note("step-started", "restore latest backup(postgres)");
        clock.advanceMillis(100);
        timeline.note("step-finished", "restore latest backup(postgres)");
        timeline.note(dev.firedrill.Recovery.RestoreTarget.NOTE, "postgres: a fresh server");
        clock.advanceMillis(100);
        timeline.note("step-started", "rollback(ledger)");
        assertThat(LedgerAnalysis.restoreStarted(timeline.events())).isEqualTo(restoring);
        assertThat(LedgerAnalysis.restoreStarted(List.of())).isNull();
    }
}
