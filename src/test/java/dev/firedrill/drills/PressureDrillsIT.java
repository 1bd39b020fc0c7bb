package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.junit.WrittenAsFile;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** D05b (pool exhausted by long-running queries) and D25 (Redis client exhaustion), each with a variant that must fail. */
@Drills(compose = "docker-compose.drill.yml")
class PressureDrillsIT {

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(120)
    @WrittenAsFile("drills/D05b-pool-exhausted-by-long-queries.yml")
    void d05bPoolExhaustedByLongRunningQueries(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(PressureDrills.d05b(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Regression
    @Timeout(120)
    void d05bFailsWhenIdleSessionsAreTerminatedInstead(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(PressureDrills.d05bTerminatingIdleSessions(), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }

    @Test
    @Timeout(120)
    @WrittenAsFile("drills/D25-redis-client-exhaustion.yml")
    void d25RedisClientExhaustion(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(PressureDrills.d25(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Regression
    @Timeout(120)
    void d25FailsWithoutTheClientKill(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(PressureDrills.d25()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'cache'").contains("never recovered");
    }
}
