package dev.firedrill.report;

import dev.firedrill.DrillResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ReportersTest {

    private final SyntheticDrills drills = new SyntheticDrills();
    private final RunInfo run = SyntheticDrills.run(Path.of("reports"));

    @Test
    void aThrowingReporterDoesNotPropagateAndTheOthersStillReport() {
        InMemoryReporter before = new InMemoryReporter();
        InMemoryReporter after = new InMemoryReporter();
        Reporter throwing = new Reporter() {
            @Override
            public void runStarted(RunInfo r) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void drillFinished(RunInfo r, DrillResult result, DrillArtifacts artifacts) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void runFinished(RunInfo r) {
                throw new NoClassDefFoundError("io/qameta/allure/Allure");
            }
        };
        Reporters reporters = Reporters.of(before, throwing, after);
        DrillResult result = drills.failedApiServiceDown();

        assertThatCode(() -> {
            reporters.runStarted(run);
            reporters.drillFinished(run, result, DrillArtifacts.none());
            reporters.runFinished(run);
        }).doesNotThrowAnyException();

        assertThat(before.kinds()).containsExactly(InMemoryReporter.Kind.RUN_STARTED,
                InMemoryReporter.Kind.DRILL_FINISHED, InMemoryReporter.Kind.RUN_FINISHED);
        assertThat(after.kinds()).isEqualTo(before.kinds());
        assertThat(after.results()).containsExactly(result);
    }

    @Test
    void reportingLeavesTheResultAsItWas() {
        DrillResult result = drills.failedApiServiceDown();
        DrillResult copy = new DrillResult(result.drillId(), result.title(), result.suites(), result.runbook(),
                result.verdict(), result.reason(), result.measurements(), result.objectives(), result.steps(),
                result.startedAt(), result.finishedAt());
        InMemoryReporter memory = new InMemoryReporter();

        Reporters.of(memory, new ConsoleSummary(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                java.util.Set.of())).drillFinished(run, result, DrillArtifacts.none());

        assertThat(result).isEqualTo(copy);
        assertThat(memory.calls()).singleElement().satisfies(c -> {
            assertThat(c.run()).isEqualTo(run);
            assertThat(c.result()).isSameAs(result);
            assertThat(c.artifacts()).isEqualTo(DrillArtifacts.none());
        });
    }

    @Test
    void theInMemoryReporterRecordsCallsInOrderAndForgetsThemOnClear() {
        InMemoryReporter memory = new InMemoryReporter();
        DrillResult d01 = drills.failedApiServiceDown();
        DrillResult d06 = drills.skippedStorageFull();
        DrillArtifacts artifacts = new DrillArtifacts(Path.of("D01/ledger.jsonl"), null, java.util.Map.of(),
                java.util.Map.of(), SyntheticDrills.d01Targets());

        memory.runStarted(run);
        memory.drillFinished(run, d01, artifacts);
        memory.drillFinished(run, d06, DrillArtifacts.none());
        memory.runFinished(run);

        assertThat(memory.results()).containsExactly(d01, d06);
        assertThat(memory.artifacts()).containsExactly(artifacts, DrillArtifacts.none());
        assertThat(memory.kinds()).containsExactly(InMemoryReporter.Kind.RUN_STARTED,
                InMemoryReporter.Kind.DRILL_FINISHED, InMemoryReporter.Kind.DRILL_FINISHED,
                InMemoryReporter.Kind.RUN_FINISHED);
        memory.clear();
        assertThat(memory.calls()).isEmpty();
    }
}
