package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
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

/** D05 (connection exhaustion) on drills/stacks/connection-exhaustion.yml, and a variant that must fail. */
@Tag("drill")
@Tag("regression")
class ConnectionExhaustionDrillIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/connection-exhaustion.yml")));
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
    void d05ConnectionExhaustion() {
        DrillResult result = DrillRuns.run(FirstAidDrills.d05(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives();
    }

    @Test
    @Timeout(120)
    void d05FailsWhenIdleSessionsAreNotTerminated() {
        DrillResult result = DrillRuns.run(FirstAidDrills.withoutFix(FirstAidDrills.d05()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }
}
