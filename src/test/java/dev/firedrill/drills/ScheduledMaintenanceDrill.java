package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Observation;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.MaintenanceSlos;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.release.MaintenanceMode;
import dev.firedrill.release.ReleaseSteps;
import dev.firedrill.release.RollbackTag;
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
 * D21, scheduled maintenance (runbook 000 §Scheduled Maintenance), on drills/stacks/maintenance.yml: a backup and the
 * rollback tag before the window; maintenance mode on, the stack down and up (the edge in front stays), health checks,
 * maintenance mode off. Users, through the edge, see the maintenance page throughout the window and nothing else; no
 * acknowledged write is lost. The Java form of drills/D21-scheduled-maintenance.yml, and its can-fail variant: the window
 * without maintenance mode.
 */
@Drills(compose = "drills/stacks/maintenance.yml")
class ScheduledMaintenanceDrill {

    static final String WINDOW_SOURCE = "runbook 000 §Scheduled Maintenance: maintenance mode for the window";
    static final Duration STRADDLE = Duration.ofSeconds(1);

    static Drill d21() {
        return Drill.builder("D21", "Scheduled maintenance")
                .suites("quarterly")
                .runbook("000 §Scheduled Maintenance")
                .probe(Probes.write("edge", 8080)).probe(Probes.read("edge", 8080))
                .workload(Workloads.ledgerWriter())
                .preparation(Backups.logical("postgres"))
                .preparation(new RollbackTag("ledger", "rollback"))
                .recovery(new MaintenanceMode("ledger", "maintenance", 8080))
                .recovery(StackCycle.down("edge"))
                .recovery(StackCycle.up())
                .recovery(Recoveries.healthChecks("ledger", 8080, 5, Duration.ofSeconds(1)))
                .recovery(MaintenanceMode.off("ledger"))
                .objective(Objective.from(WINDOW_SOURCE, MaintenanceSlos.maintenancePageOnly("write", "maintenance", STRADDLE)))
                .objective(MaintenanceSlos.maintenancePageOnly("read", "maintenance", STRADDLE))
                .objective(Slos.noAcknowledgedWritesLost())
                .objective(MaintenanceSlos.refusedWritesAbsent())
                .build();
    }

    /** As the file's setup: release 1.0.0, maintenance off, whichever drill ran before. */
    @BeforeEach
    void release100MaintenanceOff(Stack stack) {
        ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0").run(stack);
        MaintenanceMode.off("ledger").run(stack);
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(300)
    @dev.firedrill.junit.WrittenAsFile("drills/D21-scheduled-maintenance.yml")
    void d21ShowsUsersTheMaintenancePageThroughoutTheWindowAndLosesNothing(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(d21(), stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        List<String> releases = DrillRuns.releases(result);
        assertThat(releases).anyMatch(d -> d.startsWith("firedrill/ledger:rollback: ") && d.contains("by rollback-tag(ledger"));
        assertThat(releases).as("the service came back from the down/up still in maintenance")
                .anyMatch(d -> d.startsWith("ledger mode: maintenance -> off"));
        List<String> pages = result.measurements().timeline().observations("write").stream().filter(o -> !o.success())
                .map(Observation::detail).toList();
        assertThat(pages).as("the service's page, and the edge's while the service was down")
                .anyMatch(d -> d.contains("Served by the edge")).anyMatch(d -> d.contains("maintenance") && !d.contains("Served by the edge"));
    }

    /**
     * Can fail: the window without its first step, maintenance mode never switched on. Users meet the edge's page while
     * the stack is down, outside any declared window: what the objective exists to catch.
     */
    @Test
    @Quarterly
    @Timeout(300)
    void d21FailsWhenMaintenanceModeIsNotSwitchedOn(DrillRunner runner, Stack stack) {
        Drill unannounced = d21().toBuilder().id("D21-no-maintenance-mode").title("Scheduled maintenance without maintenance mode (must fail)")
                .withoutRecovery()
                .recovery(StackCycle.down("edge"))
                .recovery(StackCycle.up())
                .recovery(Recoveries.healthChecks("ledger", 8080, 5, Duration.ofSeconds(1)))
                .expectFailure("maintenance-page(write)", "maintenance-page(read)").build();
        DrillResult result = runner.execute(unannounced, stack);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("outside maintenance");
    }
}
