package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.ErrorRateDetector;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D30, blue/green edge swap (seeds 002 §Blue/Green Edge Swap, 004 §Scenario 5), on drills/stacks/release.yml: the
 * fault proxy in front of {@code ledger} is the edge; traffic is swapped to the green release B (30 % of requests
 * answered 500); when the error rate of the write probe exceeds 5 % over 5 s the drill swaps back to blue. (Until the
 * second wave this stood in for D13's rollback, which now rolls back by image: {@link BadReleaseRollbackDrill}.) Steady needs 40 consecutive
 * successes, so that a lucky run on the bad release (0.7^40 ≈ 6e-7) cannot pass for a recovery.
 */
@Drills(compose = "drills/stacks/release.yml")
class BlueGreenSwapDrill {

    static Drill d30() {
        return Drill.builder("D30", "Blue/green edge swap")
                .suites("quarterly")
                .runbook("002 §Blue/Green Edge Swap; 004 §Scenario 5")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.switchRelease("ledger", "ledger-b", 8080))
                .recoverWhen(ErrorRateDetector.defaults().on("write"))
                .hold(Duration.ofSeconds(30))   // with a trigger: the longest wait for detection
                .recovery(Recoveries.switchBack("ledger", 8080))
                .steadyRun(40)
                .objective(Slos.detectionWithin("write", Duration.ofSeconds(10)))
                .objective(Slos.rto("write", Duration.ofSeconds(30)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(180)
    @dev.firedrill.junit.WrittenAsFile("drills/D30-blue-green-swap.yml")
    void d30SwapsBackWhenTheErrorRateDetectorFires(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(d30(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        assertThat(result.steps()).extracting(s -> s.name()).contains("switch back(ledger)");
        assertThat(stack.faultProxy().orElseThrow().upstream("ledger")).isEqualTo("ledger-upstream:8080");
    }

    @Test
    @Quarterly
    @Timeout(180)
    void d30FailsWithoutTheSwapBack(DrillRunner runner, Stack stack) {
        Drill noRollback = d30().toBuilder().id("D30-no-swap-back").title("Blue/green swap, no swap back (must fail)")
                .withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("rto(write)").build();
        DrillResult result = runner.execute(noRollback, stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("RTO of path 'write'");
        assertThat(stack.faultProxy().orElseThrow().upstream("ledger")).as("the switch is undone after the drill").isEqualTo("ledger-upstream:8080");
    }
}
