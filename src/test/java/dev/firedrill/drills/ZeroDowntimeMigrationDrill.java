package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Phase;
import dev.firedrill.ReleaseChange;
import dev.firedrill.Verdict;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.measure.MaintenanceSlos;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.release.MaintenanceMode;
import dev.firedrill.release.Migrations;
import dev.firedrill.release.ReleaseSteps;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D19, zero-downtime migration and rollback (seeds 004 §Zero-Downtime Migration Strategy, 001 §Quick Rollback), on
 * drills/stacks/versions.yml: read-only on, schema 0001 -> 0003, alembic current, smoke checks, read-only off, release
 * 1.0.1 deployed; then rolled back: the release to 1.0.0, read-only on, downgrade -1 twice, alembic current 0001,
 * read-only off. Why this order: the comment of drills/D19-zero-downtime-migration.yml. The Java form of that file, and
 * its can-fail variant without read-only.
 */
@Drills(compose = "drills/stacks/versions.yml")
class ZeroDowntimeMigrationDrill {

    static final String FREEZE_SOURCE = "runbook 004 §Zero-Downtime Migration Strategy: read-only before the migration";
    /** The longest failure window allowed outside read-only: a deploy's recreation gap (measured: docs/suites.md). */
    static final Duration DEPLOY_GAP = Duration.ofSeconds(15);
    /** The longest wait for writes to be steady again after a deploy. */
    static final Duration STEADY = Duration.ofSeconds(30);

    static Drill d19() {
        Duration half = Duration.ofMillis(500);
        return Drill.builder("D19", "Zero-downtime migration and rollback")
                .suites("regression")
                .runbook("004 §Zero-Downtime Migration Strategy; 001 §Quick Rollback")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .recovery(MaintenanceMode.readOnly("ledger"))
                .recovery(Migrations.migrate("0003"))
                .recovery(Migrations.current("0003"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 3, half))
                .recovery(MaintenanceMode.off("ledger"))
                .recovery(ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.1"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 3, half))
                .recovery(Recoveries.waitUntil("write", STEADY))
                .recovery(ReleaseSteps.rollback("ledger"))
                .recovery(Recoveries.waitUntil("write", STEADY))
                .recovery(MaintenanceMode.readOnly("ledger"))
                .recovery(Migrations.migrate("-1"))
                .recovery(Migrations.migrate("-1"))
                .recovery(Migrations.current("0001"))
                .recovery(MaintenanceMode.off("ledger"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 3, half))
                .objective(MaintenanceSlos.failsOnlyInReadOnly("write", "read-only", DEPLOY_GAP))
                .objective(MaintenanceSlos.failsOnlyInReadOnly("read", null, DEPLOY_GAP))
                .objective(Slos.latencyPercentileBelow("read", Phase.RECOVERY, 95, half))
                .objective(Objective.from(FREEZE_SOURCE, MaintenanceSlos.writesFrozenDuring("write", "migrate")))
                .objective(Slos.noAcknowledgedWritesLost())
                .objective(MaintenanceSlos.refusedWritesAbsent())
                .build();
    }

    /** As the file's setup: release 1.0.0 on schema 0001, not in maintenance, whichever drill ran before. */
    @BeforeEach
    void release100OnSchema0001(Stack stack) {
        ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0").run(stack);
        MaintenanceMode.off("ledger").run(stack);
        Migrations.migrate("0001").run(stack);
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(300)
    @dev.firedrill.junit.WrittenAsFile("drills/D19-zero-downtime-migration.yml")
    void d19MigratesUnderReadOnlyAndRollsBack(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(d19(), stack);

        System.out.println("D19 objectives:\n  " + String.join("\n  ", result.objectives().stream().map(o -> o.message()).toList()));
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        List<String> releases = result.measurements().timeline().events().stream().filter(e -> ReleaseChange.NOTE.equals(e.kind()))
                .map(e -> e.detail()).toList();
        assertThat(releases).filteredOn(d -> d.startsWith("ledger mode: ")).containsExactly(
                "ledger mode: off -> readonly by maintenance-mode(ledger, readonly)",
                "ledger mode: readonly -> off by maintenance-mode(ledger, off)",
                "ledger mode: off -> readonly by maintenance-mode(ledger, readonly)",
                "ledger mode: readonly -> off by maintenance-mode(ledger, off)");
        ServiceImages images = stack.require(ServiceImages.class, "the test");
        assertThat(images.running("ledger").id()).as("rolled back to 1.0.0's image").isEqualTo(images.resolve("firedrill/ledger:1.0.0").id());
    }

    /**
     * Can fail: the same release and rollback without read-only. The writer's writes go on during each migration, so the
     * freeze the runbook asks for is not there: the drill must miss writes-frozen-during(migrate).
     */
    @Test
    @Regression
    @Timeout(300)
    void d19FailsWithoutReadOnly(DrillRunner runner, Stack stack) {
        Drill.Builder open = d19().toBuilder().id("D19-no-readonly").title("Zero-downtime migration without read-only (must fail)")
                .withoutRecovery();
        d19().recoveries().stream().filter(r -> !(r instanceof MaintenanceMode)).forEach(open::recovery);
        DrillResult result = runner.execute(open.expectFailure("writes-frozen-during(migrate)").build(), stack);

        System.out.println("D19-no-readonly objectives:\n  " + String.join("\n  ", result.objectives().stream().map(o -> o.message()).toList()));
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("acknowledged while 3 step(s) migrate(...) ran");
    }
}
