package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Objective;
import dev.firedrill.Verdict;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.ErrorRateDetector;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.release.MigrateFault;
import dev.firedrill.release.Migrations;
import dev.firedrill.release.ReleaseSteps;
import dev.firedrill.release.StackCycle;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D20, full rollback with database restore (runbook 001 §Major Version Update, §Full Rollback), on
 * drills/stacks/versions.yml: the pre-upgrade backup, then release 2.0.0 deployed (the disruption) and its upgrade script,
 * alembic upgrade head, which drops a column; when the error-rate detector fires, the stack down, the database restored
 * from the pre-upgrade backup, the previous image back, the stack up, alembic current 0003 and health checks. The writes
 * lost are exactly those acknowledged after the backup. The Java form of drills/D20-full-rollback.yml, and its can-fail
 * variant: the image rolled back alone.
 */
@Drills(compose = "drills/stacks/versions.yml")
class FullRollbackDrill {

    static Drill d20() {
        return Drill.builder("D20", "Full rollback with database restore")
                .suites("quarterly")
                .runbook("001 §Major Version Update; 001 §Full Rollback")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
                .preparation(Backups.logical("postgres"))
                .fault(Faults.markingDisruption(ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0")))
                .fault(new MigrateFault(Migrations.migrate("head")))
                .recoverWhen(new ErrorRateDetector(Duration.ofSeconds(10), 50, 0.05, ErrorRateDetector.defaults().latencyObjective())
                        .on("write").fromEffect())
                .hold(Duration.ofSeconds(60))   // with a trigger: the longest wait for detection
                .recovery(StackCycle.down())
                .recovery(Recoveries.restoreLatestBackup("postgres"))
                .recovery(ReleaseSteps.rollback("ledger"))
                .recovery(StackCycle.up())
                .recovery(Migrations.current("0003"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 5, Duration.ofSeconds(1)))
                .objective(Slos.outageExpected("write"))
                .objective(Objective.from("Firedrill's target; runbook 001 §Full Rollback allows 30 min", Slos.rto("write", Duration.ofMinutes(2))))
                .objective(Slos.lostBeforeRecoveryPointNone())
                .objective(Objective.from("runbook 001 §Full Rollback: back to the pre-upgrade backup", Slos.lostExactlySinceRecoveryPoint()))
                .build();
    }

    /** As the file's setup: release 1.0.1 on schema 0003, whichever drill ran before. */
    @BeforeEach
    void release101OnSchema0003(Stack stack) {
        Migrations.migrate("0003").run(stack);
        ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.1").run(stack);
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(420)
    @dev.firedrill.junit.WrittenAsFile("drills/D20-full-rollback.yml")
    void d20RestoresThePreUpgradeBackupAndThePreviousImageLosingExactlyTheWritesSinceTheBackup(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(d20(), stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        LedgerReport ledger = result.measurements().ledger();
        assertThat(ledger.writtenSinceRecoveryPoint()).as("writes acknowledged after the pre-upgrade backup").isPositive();
        assertThat(ledger.lostCount()).as("every one of them lost, nothing else")
                .isEqualTo(ledger.writtenSinceRecoveryPoint());
        List<String> releases = DrillRuns.releases(result);
        assertThat(releases).anyMatch(d -> d.startsWith("postgres schema: 0003 -> 0004 by migrate(head)"));
        assertThat(releases).as("the restore brought the pre-upgrade revision back")
                .anyMatch(d -> d.startsWith("postgres schema: 0004 -> 0003 by migration-current(0003), changed without a migration"));
        assertThat(releases).anyMatch(d -> d.startsWith("ledger: firedrill/ledger:2.0.0@sha256:") && d.contains("by rollback(ledger"));
        ServiceImages images = stack.require(ServiceImages.class, "the test");
        assertThat(images.running("ledger").id()).as("1.0.1 runs again").isEqualTo(images.resolve("firedrill/ledger:1.0.1").id());
    }

    /**
     * Can fail: the image rolled back without the database (runbook 001's Quick Rollback where the Full one is needed).
     * 1.0.1 on schema 0004 answers 500 for the dropped created_at on every request: the writes never come back.
     */
    @Test
    @Quarterly
    @Timeout(420)
    void d20FailsWhenOnlyTheImageIsRolledBack(DrillRunner runner, Stack stack) {
        Drill imageOnly = d20().toBuilder().id("D20-image-only").title("Full rollback without the database restore (must fail)")
                .withoutRecovery()
                .recovery(ReleaseSteps.rollback("ledger"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 5, Duration.ofSeconds(1)))
                .recoveryBudget(Duration.ofSeconds(30))
                .expectFailure("rto(write)").build();
        DrillResult result = runner.execute(imageOnly, stack);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.measurements().timeline().observations("write").stream().filter(o -> !o.success())
                .map(o -> o.detail()).toList()).as("1.0.1 on 0004 names the dropped column").anyMatch(d -> d.contains("created_at"));
    }

}
