package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.DrillRunner;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.WrittenAsFile;
import dev.firedrill.recovery.ScaleIn;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.firedrill.measure.QueueDepthProbe;

import java.time.Duration;
import java.util.Optional;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D24 (the solver's queue backlog) and its can-fail variant, the Java forms of their files (which are the suite's
 * members: these carry no suite tag), on the queue stack.
 */
@Drills(compose = "drills/stacks/queue.yml")
class QueueDrillsIT {

    /** One worker, whatever ran before: the files' setup. */
    @BeforeEach
    void oneWorker(Stack stack) {
        new ScaleIn("worker", 1, Optional.empty()).run(stack);
    }

    @Test
    @Timeout(240)
    @WrittenAsFile("drills/D24-queue-backlog.yml")
    void d24QueueBacklogDrainsOnceTheWorkersAreScaledOut(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(QueueDrills.d24(), stack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    @Test
    @Timeout(300)
    @WrittenAsFile("drills/D24-queue-backlog-no-scale-out.yml")
    void d24FailsWithoutTheScaleOutYetLosesNoJob(DrillRunner runner, Stack stack) {
        Drill variant = QueueDrills.d24WithoutScaleOut();
        DrillResult result = runner.execute(variant, stack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'queue'");
        // Missed for the right reason: when the recovery budget ran out, the slowed worker alone had not drained the queue.
        Timeline timeline = result.measurements().timeline();
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        Duration budgetEnd = variant.hold().plus(variant.recoveryBudget());
        Observation last = timeline.observations("queue").stream()
                .filter(o -> o.start().since(disruption).compareTo(budgetEnd) <= 0).reduce((first, later) -> later).orElseThrow();
        assertThat(QueueDepthProbe.depthOf(last)).as("the queue's depth when the budget ran out: " + last).isGreaterThanOrEqualTo(100);
        assertThat(result.objectives()).filteredOn(o -> o.name().equals("jobs-exactly-once")).singleElement()
                .matches(dev.firedrill.ObjectiveResult::passed, "every job ran exactly once");
    }
}
