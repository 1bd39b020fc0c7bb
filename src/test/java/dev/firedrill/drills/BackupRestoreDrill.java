package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Phase;
import dev.firedrill.StepRecord;
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
import dev.firedrill.recovery.Script;
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
 * Also D09 as seed 004's quarterly DR drill runs it: the runbook's own script ({@code drills/scripts/dr-drill.sh})
 * as the procedure, its output in the report, and its can-fail variant (a wrong backup file).
 */
@Drills
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
    @Quarterly
    void restoringAnOlderBackupThanTheRecordedOneFailsNamingTheDataLoss(DrillRunner runner, Stack stack) {
        Drill olderBackup = D09.toBuilder().id("D09-older-backup").title("Backup and restore, an older backup restored")
                .withoutPreparations()
                .preparation(Backups.logicalNotRecorded("postgres"))
                .preparation(Backups.logical("postgres"))
                .withoutRecovery()
                .recovery(Recoveries.restoreOlderBackup("postgres", 1))
                .expectFailure("lost-before-recovery-point").build();

        DrillResult result = runner.run(olderBackup, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().lostBeforeRecoveryPoint()).isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("Acknowledged writes lost before the recovery point")
                .contains("destroy(postgres and its volume)");
    }

    /** Seed 004 §Test Restore Procedure as the runbook writes it: its own shell script, run in the postgres container. */
    static final Script DR_DRILL_SCRIPT = Recoveries.script("drills/scripts/dr-drill.sh").in("postgres").asUser("postgres")
            .within(Duration.ofMinutes(2));

    /**
     * D09 as seed 004's quarterly DR drill runs it: no disaster; the procedure itself (dump | gzip, gunzip | psql
     * into a fresh server, counts verified, health checks) is the planned change, and production keeps
     * answering writes while it runs. The script's output is the step's output in the report.
     */
    static final Drill D09_SCRIPT = Drill.builder("D09-script", "Quarterly DR procedure, the runbook's own script (seed 004)")
            .suites("quarterly")
            .runbook("004 §Quarterly DR Drill; §Test Restore Procedure (dr-drill.sh)")
            .probe(Probes.ledgerWrite())
            .recovery(DR_DRILL_SCRIPT)
            .objective(Slos.errorRateBelow("write", Phase.RECOVERY, 0.01))
            .build();

    @Test
    @Quarterly
    void theSeedsOwnDrScriptRestoresTheLatestDumpIntoAFreshServerWithItsOutputInTheReport(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D09_SCRIPT, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        StepRecord step = result.steps().get(0);
        org.assertj.core.api.Assertions.assertThat(step.name()).isEqualTo("script(drills/scripts/dr-drill.sh in postgres)");
        org.assertj.core.api.Assertions.assertThat(step.output())
                .contains("Backup completed: /tmp/firedrill-backups/ledger_full_")
                .contains("1. Restoring database to a fresh server")
                .containsPattern("entries: [1-9]\\d* rows")
                .contains("http://ledger:8080/health: HTTP/1.1 200")
                .contains("=== DR Drill Complete ===")
                .doesNotContain("ledger-secret");
    }

    /** Can fail: the procedure is pointed at a backup file that does not exist; the step fails with the script's own message. */
    @Test
    @Quarterly
    void aWrongBackupFileFailsTheProcedureWithTheScriptsOwnMessage(DrillRunner runner, Stack stack) {
        Drill wrongFile = D09_SCRIPT.toBuilder().id("D09-script-wrong-file").title("Quarterly DR procedure, a wrong backup file named")
                .withoutRecovery()
                .recovery(DR_DRILL_SCRIPT.withEnv("BACKUP_FILE", "/tmp/firedrill-backups/ledger_full_no-such-day.sql.gz"))
                .build();

        DrillResult result = runner.execute(wrongFile, stack);

        org.assertj.core.api.Assertions.assertThat(result.verdict()).as("a procedure step that fails makes the drill broken").isEqualTo(Verdict.BROKEN);
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("script(drills/scripts/dr-drill.sh in postgres) exited 2")
                .contains("dr-drill: backup file /tmp/firedrill-backups/ledger_full_no-such-day.sql.gz not found");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).outcome()).isEqualTo("failed");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).output()).contains("=== Disaster Recovery Drill ===");
    }
}
