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

    /** D29's cadence: long enough that the check catches the damage and the disaster follows before the next run is due. */
    static final Duration D29_CADENCE = ofSeconds(40);

    /**
     * D29, a backup that would not restore (runbook 001 §Morning Checks, {@code verify_backup.sh}): D26's job every 40 s,
     * two kept; the newest truncated; the morning check (the newest restored into a scratch server every 5 s) must
     * catch it before the database is lost 20 s later; the backup before it is restored: RPO one cadence more.
     */
    static final Drill D29 = Drill.builder("D29", "A backup that would not restore")
            .suites("quarterly")
            .runbook("001 §Morning Checks (verify_backup.sh); 004 §Automated Backup Cron; 004 §Test Restore Procedure")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .probe(Backups.restorable("postgres", ofSeconds(5)))
            .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
            .preparation(Backups.scheduleRecordingPrevious("postgres", D29_CADENCE, Duration.ofHours(24), 2, 2, ofSeconds(38)))
            .fault(Backups.corruptNewest("postgres"))
            .fault(Faults.after(ofSeconds(20), Faults.destroy("postgres")))
            .hold(ofSeconds(5))
            .recovery(Recoveries.restoreOlderBackup("postgres", 1))
            .recoveryBudget(Duration.ofMinutes(2))
            .objective(Slos.caughtBeforeDisruption("backups"))
            .objective(Slos.rto("write", Duration.ofMinutes(2)))
            .objective(Slos.lostExactlySinceRecoveryPoint())
            .objective(Objective.from("two cadences: the backup before the newest", Slos.rpoWindowAtMost(D29_CADENCE.multipliedBy(2))))
            .build();

    @Test
    @WrittenAsFile("drills/D29-backup-that-would-not-restore.yml")
    void theMorningCheckCatchesATruncatedBackupBeforeItIsNeededAndTheOneBeforeIsRestored(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D29, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().timeline().observations("backups"))
                .as("the check passed on the good backups and failed on the truncated one")
                .anyMatch(o -> o.success() && o.detail().contains("restored into a scratch server"))
                .anyMatch(o -> !o.success() && o.detail().contains("would not restore"));
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().keptSinceRecoveryPoint()).isZero();
    }

    /** Can fail: the shallow morning check (the newest file is there and not empty) passes the truncated backup. */
    @Test
    @Quarterly
    void aCheckThatOnlyListsTheBackupMissesTheTruncatedOne(DrillRunner runner, Stack stack) {
        Drill shallow = D29.toBuilder().id("D29-shallow-check").title("A backup that would not restore, the check only lists it")
                .withoutProbes()
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead()).probe(Backups.listed("postgres", ofSeconds(5)))
                .expectFailure("caught-before-disruption(backups)").build();

        DrillResult result = runner.run(shallow, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("answers before the disruption all passed");
    }
}
