package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D09, backup and restore (seeds 000 §Backup &amp; Recovery, 004 §Quarterly DR Drill): while writes
 * flow, a logical backup ({@code pg_dump -Fc} of an exported snapshot, which marks {@code recovery-point});
 * then the database and its volume are destroyed; after the hold, the latest backup is restored into a
 * fresh server under the same name (the {@code postgres} proxy's upstream resolves to it: the repoint),
 * row counts verified. Nothing acknowledged before the snapshot may be lost; what was acknowledged
 * between the snapshot and the disaster is lost and reported; RPO window ≤ backup age + 5 s; RTO ≤ 2 min.
 */
@Drills
@Quarterly
class BackupRestoreDrill {

    static final Drill D09 = Drill.builder("D09", "Backup and restore")
            .suites("quarterly")
            .runbook("000 §Backup & Recovery; 003 §Database Recovery; 004 §Quarterly DR Drill")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
            .preparation(Backups.logical("postgres"))
            .fault(Faults.destroy("postgres"))
            .hold(Duration.ofSeconds(10))
            .recovery(Recoveries.restoreLatestBackup("postgres"))
            .objective(Slos.rto("write", Duration.ofMinutes(2)))
            .objective(Slos.lostBeforeRecoveryPointNone())
            .objective(Slos.rpoWindowWithinBackupAge(Duration.ofSeconds(5)))
            .recoveryBudget(Duration.ofMinutes(2))
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D09-backup-restore.yml")
    void restoredBackupKeepsEverythingBeforeItsSnapshotAndLosesOnlyWhatCameAfter(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D09, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin(Duration.ofMinutes(2)).lostNothingBeforeRecoveryPoint().verify();
        LedgerReport ledger = result.measurements().ledger();
        TimePoint recoveryPoint = result.measurements().timeline().first(Marker.RECOVERY_POINT).orElseThrow();
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(recoveryPoint.isBefore(disruption)).isTrue();
        org.assertj.core.api.Assertions.assertThat(ledger.lostBeforeRecoveryPoint()).isZero();
        // Every lost write was acknowledged after the snapshot: before the disaster (the RPO) or discarded after it.
        org.assertj.core.api.Assertions.assertThat(ledger.lost())
                .hasSize(ledger.rpoLostWrites() + ledger.discardedAfterDisruption());
        org.assertj.core.api.Assertions.assertThat(ledger.rpoWindow())
                .isLessThanOrEqualTo(disruption.since(recoveryPoint).plusSeconds(5));
        org.assertj.core.api.Assertions.assertThat(result.steps()).extracting(s -> s.name())
                .containsExactly("logical backup(postgres)", "inject destroy(postgres and its volume)", "restore latest backup(postgres)");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(2).output()).contains("row counts verified");
    }

    /** Can fail: an older backup than the recorded one is restored, so writes acknowledged before the recovery point are lost. */
    @Test
    void restoringAnOlderBackupThanTheRecordedOneFailsNamingTheDataLoss(DrillRunner runner, Stack stack) {
        Drill olderBackup = D09.toBuilder().id("D09-older-backup").title("Backup and restore, an older backup restored")
                .withoutPreparations()
                .preparation(Backups.logicalNotRecorded("postgres"))
                .preparation(Backups.logical("postgres"))
                .withoutRecovery()
                .recovery(Recoveries.restoreOlderBackup("postgres", 1))
                .build();

        DrillResult result = runner.run(olderBackup, stack);

        assertThat(result).hasVerdict(Verdict.FAILED).verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().lostBeforeRecoveryPoint()).isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("Acknowledged writes lost before the recovery point")
                .contains("destroy(postgres and its volume)");
    }
}
