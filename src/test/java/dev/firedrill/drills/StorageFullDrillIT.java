package dev.firedrill.drills;

import dev.firedrill.DrillRunner;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import org.junit.jupiter.api.BeforeEach;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D06 (storage full) on a stack whose database volume is size-limited (drills/stacks/storage-full.yml),
 * and a variant that must fail. Where size-limited volumes cannot be made (not root), skipped with the
 * reason, never passed.
 */
@Drills(compose = "drills/stacks/storage-full.yml")
class StorageFullDrillIT {

    @BeforeAll
    static void requireSizeLimitedVolumes() {
        // Not root: reported as skipped with the reason, never as passed (docs/stack.md).
        LoopVolumes.fromEnvironment().unsupportedReason().ifPresent(reason -> Assumptions.abort("D06 skipped: " + reason));
    }

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(150)
    @dev.firedrill.junit.WrittenAsFile("drills/D06-storage-full.yml")
    void d06StorageFull(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.d06(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Quarterly
    @Timeout(120)
    void d06FailsWhenTheSpaceIsNotFreed(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(FirstAidDrills.withoutFix(FirstAidDrills.d06()), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'write'").contains("never recovered");
    }
}
