package dev.firedrill.drills;

import dev.firedrill.DrillRunner;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.junit.Smoke;
import org.junit.jupiter.api.BeforeEach;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** D02 (database unreachable) and D04 (table lock) on the reference stack, each with a variant that must fail. */
@Drills(compose = "docker-compose.drill.yml")
class SmokeFirstAidDrillsIT {

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(120)
    @dev.firedrill.junit.WrittenAsFile("drills/D02-database-unreachable.yml")
    void d02DatabaseUnreachable(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d02(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Smoke
    @Regression
    @Timeout(120)
    void d02FailsWhenThePathIsNeverRestored(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(FirstAidDrills.d02()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }

    @Test
    @Timeout(120)
    @dev.firedrill.junit.WrittenAsFile("drills/D04-table-lock.yml")
    void d04TableLock(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d04(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Smoke
    @Regression
    @Timeout(120)
    void d04FailsWhenTheBlockerIsNotTerminated(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(FirstAidDrills.d04()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }
}
