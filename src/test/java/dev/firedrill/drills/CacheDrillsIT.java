package dev.firedrill.drills;

import dev.firedrill.DrillRunner;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import org.junit.jupiter.api.BeforeEach;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** D07 (cache outage) and D08 (cache memory full), each with a variant that must fail. */
@Drills(compose = "docker-compose.drill.yml")
class CacheDrillsIT {

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(120)
    @dev.firedrill.junit.WrittenAsFile("drills/D07-cache-outage.yml")
    void d07CacheOutage(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d07(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Regression
    @Timeout(120)
    void d07FailsWhenRedisIsNotRestarted(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(FirstAidDrills.d07()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'cache'").contains("never recovered");
    }

    @Test
    @Timeout(120)
    @dev.firedrill.junit.WrittenAsFile("drills/D08-cache-memory-full.yml")
    void d08CacheMemoryFull(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d08(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Regression
    @Timeout(120)
    void d08FailsWithTheWrongPolicy(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d08().toBuilder().id("D08-wrong-policy").withoutRecovery()
                .recovery(Recoveries.setEvictionPolicy("redis", "noeviction"))
                .recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("ttr(cache)").build(), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'cache'").contains("never recovered");
    }
}
