package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D06 (storage full) on a stack whose database volume is size-limited (drills/stacks/storage-full.yml),
 * and a variant that must fail. Where size-limited volumes cannot be made (not root), skipped with the
 * reason, never passed.
 */
@Tag("drill")
@Tag("regression")
@Tag("quarterly")
class StorageFullDrillIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        LoopVolumes.fromEnvironment().unsupportedReason().ifPresent(reason -> Assumptions.abort("D06 skipped: " + reason));
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/storage-full.yml")));
        DrillRuns.warmUp(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(150)
    void d06StorageFull() {
        DrillResult result = DrillRuns.run(FirstAidDrills.d06(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives();
    }

    @Test
    @Timeout(120)
    void d06FailsWhenTheSpaceIsNotFreed() {
        DrillResult result = DrillRuns.run(FirstAidDrills.withoutFix(FirstAidDrills.d06()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }
}
