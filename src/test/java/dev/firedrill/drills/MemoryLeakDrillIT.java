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

/** D23 (memory leak until the kernel's OOM kill, restarted with a limit), with its variant that must fail. */
@Drills(compose = "docker-compose.drill.yml")
class MemoryLeakDrillIT {

    @BeforeEach
    void warmUp(Stack stack) {
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(150)
    @WrittenAsFile("drills/D23-memory-leak.yml")
    void d23MemoryLeak(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(MemoryLeakDrill.d23(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        dev.firedrill.Timeline timeline = result.measurements().timeline();
        assertThat(timeline.events()).as("the kernel's OOM kill is on the timeline, at the disruption: RTO counts from it")
                .filteredOn(e -> e.kind().equals("oom-kill")).singleElement()
                .satisfies(e -> assertThat(e.at().wall()).isEqualTo(timeline.first(dev.firedrill.Marker.DISRUPTION).orElseThrow().wall()));
    }

    @Test
    @Regression
    @Timeout(150)
    void d23FailsWithoutTheRestart(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(MemoryLeakDrill.d23NoRestart(), stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("RTO of path 'write'").contains("never recovered");
    }
}
