package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.junit.WrittenAsFile;
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
import static java.time.Duration.ofSeconds;

/**
 * D26, nightly backup, worst-case loss (runbook 004 §Automated Backup Cron, §Test Restore Procedure): the nightly
 * {@code pg_dump | gzip} job on a cadence of 20 s standing for 24 h, its retention keeping the newest; the database
 * destroyed 2 s before the next backup is due; the latest backup restored as 004 finds and restores it. Every write
 * acknowledged since the last backup's snapshot is lost, and none else; the window is one cadence at most.
 */
@Drills
class ScheduledBackupDrill {

    static final Duration CADENCE = ofSeconds(20);

    static final Drill D26 = Drill.builder("D26", "Nightly backup, worst-case loss")
            .suites("quarterly")
            .runbook("004 §Automated Backup Cron; 004 §Test Restore Procedure")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
            .preparation(Backups.schedule("postgres", CADENCE, Duration.ofHours(24), 2, 1, ofSeconds(2)))
            .fault(Faults.destroy("postgres"))
            .hold(ofSeconds(5))
            .recovery(Recoveries.restoreLatestBackup("postgres"))
            .recoveryBudget(Duration.ofMinutes(2))
            .objective(Slos.rto("write", Duration.ofMinutes(2)))
            .objective(Slos.lostExactlySinceRecoveryPoint())
            .objective(Objective.from("the cadence: one backup every 20 s", Slos.rpoWindowAtMost(CADENCE)))
            .build();

    @Test
    @WrittenAsFile("drills/D26-nightly-backup-worst-case.yml")
    void theWorstCaseLossOfANightlyBackupIsExactlyTheWritesSinceItsLastRun(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D26, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        LedgerReport ledger = result.measurements().ledger();
        TimePoint recoveryPoint = result.measurements().timeline().first(Marker.RECOVERY_POINT).orElseThrow();
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(disruption.since(recoveryPoint)).as("the fault struck late in the cycle")
                .isBetween(CADENCE.minusSeconds(8), CADENCE);
        org.assertj.core.api.Assertions.assertThat(ledger.writtenSinceRecoveryPoint()).isPositive();
        org.assertj.core.api.Assertions.assertThat(ledger.keptSinceRecoveryPoint()).isZero();
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).output())
                .contains("2 backups every 20 s (standing for 24 h, 1:4320)").contains("kept [postgres_full_").contains(".sql.gz");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(2).output()).contains(".sql.gz").contains("row counts verified");
    }

    /** Can fail: the backup before the latest is restored, so a cadence more of writes is lost, from before the recovery point. */
    @Test
    @Quarterly
    void restoringTheBackupBeforeTheLatestLosesACadenceMoreAndFails(DrillRunner runner, Stack stack) {
        Drill older = D26.toBuilder().id("D26-older-backup").title("Nightly backup, the backup before the latest restored")
                .withoutPreparations()
                .preparation(Backups.schedule("postgres", CADENCE, Duration.ofHours(24), 2, 2, ofSeconds(2)))
                .withoutRecovery()
                .recovery(Recoveries.restoreOlderBackup("postgres", 1))
                .expectFailure("lost-exactly-since-recovery-point", "rpo-window").build();

        DrillResult result = runner.run(older, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().lostBeforeRecoveryPoint()).isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("lost from before it").contains("RPO window");
    }
}
