package dev.firedrill.drills;

import dev.firedrill.DrillRunner;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import org.junit.jupiter.api.BeforeEach;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** D05 (connection exhaustion) on drills/stacks/connection-exhaustion.yml, and a variant that must fail. */
@Drills(compose = "drills/stacks/connection-exhaustion.yml")
class ConnectionExhaustionDrillIT {

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(120)
    @dev.firedrill.junit.WrittenAsFile("drills/D05-connection-exhaustion.yml")
    void d05ConnectionExhaustion(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d05(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Regression
    @Timeout(120)
    void d05FailsWhenIdleSessionsAreNotTerminated(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(FirstAidDrills.d05()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }
}
