package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** D07 (cache outage) and D08 (cache memory full), each with a variant that must fail. */
@Tag("drill")
@Tag("regression")
class CacheDrillsIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()));
        DrillRuns.warmUp(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(120)
    void d07CacheOutage() {
        DrillResult result = DrillRuns.run(FirstAidDrills.d07(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives();
    }

    @Test
    @Timeout(120)
    void d07FailsWhenRedisIsNotRestarted() {
        DrillResult result = DrillRuns.run(FirstAidDrills.withoutFix(FirstAidDrills.d07()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("TTR of path 'cache'").contains("never recovered");
    }

    @Test
    @Timeout(120)
    void d08CacheMemoryFull() {
        DrillResult result = DrillRuns.run(FirstAidDrills.d08(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives();
    }

    @Test
    @Timeout(120)
    void d08FailsWithTheWrongPolicy() {
        DrillResult result = DrillRuns.run(FirstAidDrills.d08().toBuilder().id("D08-wrong-policy").withoutRecovery()
                .recovery(Recoveries.setEvictionPolicy("redis", "noeviction"))
                .recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).build(), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("TTR of path 'cache'").contains("never recovered");
    }
}
