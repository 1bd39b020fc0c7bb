package dev.firedrill.load;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Phase;
import dev.firedrill.PhaseCut;
import dev.firedrill.PhaseStats;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;
import dev.firedrill.measure.Measurements;
import dev.firedrill.measure.PhaseStatistics;
import dev.firedrill.measure.RecoveryAnalysis;
import dev.firedrill.measure.Slos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gatling in-process, in the background, against a loopback stub whose answers are slow only between
 * {@code disruption} and {@code recovery-started}: the slowness must show in the {@code during} phase's
 * figures and nowhere else, every request must be accounted for, and a per-phase objective must name
 * the phase and the value.
 */
class GatlingLoadIT {

    private static final Duration FAULT_LATENCY = Duration.ofMillis(400);
    /** Well under the fault's latency, well over the stub's normal answer even on a busy machine. */
    private static final Duration NORMAL_P95 = Duration.ofMillis(300);
    private static final Duration SETTLE = Duration.ofSeconds(1);

    @Test
    void latencyOnlyDuringTheFaultShowsOnlyInTheDuringPhase(@TempDir Path drillFolder) throws java.io.IOException {
        Timeline timeline = new Timeline(HarnessClock.system());
        Workload load = Loads.ledger(LoadSettings.defaults().rate(40).writeShare(0.5).warmUp(Duration.ofSeconds(3)).baseline(Duration.ZERO));
        Workload.Running running;
        try (LedgerStub stub = new LedgerStub()) {
            running = load.start(stub, timeline);
            long answeredBeforeRecording = stub.requests.get();   // warm-up: sent, not recorded
            try {
                stub.answerLateFor(timeline, FAULT_LATENCY, SETTLE);
            } finally {
                running.stop();
                timeline.mark(Marker.END, "drill finished");
            }
            assertThat(running.report(timeline)).as("a load keeps no ledger").isNull();
            running.export(drillFolder);
            running.close();

            List<Observation> observed = timeline.observations(LoadSettings.DEFAULT_PATH);
            Map<Phase, PhaseStats> byPhase = PhaseStatistics.of(observed, timeline.phaseCut(SETTLE));
            PhaseStats before = byPhase.get(Phase.BEFORE);
            PhaseStats during = byPhase.get(Phase.DURING);
            PhaseStats after = byPhase.get(Phase.AFTER);
            System.out.println("per-phase figures of path 'load': " + byPhase.values());

            // every request the stub received once recording began is recorded (give or take those in flight then)
            long answered = stub.requests.get() - answeredBeforeRecording;
            assertThat((long) observed.size()).as("requests recorded, of %d answered after the warm-up", answered)
                    .isBetween(answered - 5, answered);
            assertThat(observed.stream().map(Observation::detail).distinct())
                    .as("writes and reads").contains("write 201", "read 200");
            for (PhaseStats phase : List.of(before, during, after)) {
                assertThat(phase.count()).as(phase.phase().id() + " count").isGreaterThan(60);
                assertThat(phase.errors()).as(phase.phase().id() + " errors").isZero();
                assertThat(phase.throughputPerSecond()).as(phase.phase().id() + " throughput").isBetween(20.0, 60.0);
            }
            assertThat(during.p50()).as("during p50").isGreaterThanOrEqualTo(FAULT_LATENCY);
            assertThat(before.p95()).as("before p95").isLessThan(NORMAL_P95);
            assertThat(after.p95()).as("after p95").isLessThan(NORMAL_P95);
            assertThat(byPhase.get(Phase.RECOVERY).count()).as("recovery phase is empty (recovered at once)").isZero();

            var measurements = Measurements.compute(timeline, null, RecoveryAnalysis.defaults(), SETTLE);
            ObjectiveResult beforeOk = Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, NORMAL_P95)
                    .judge(measurements);
            ObjectiveResult duringMissed = Slos.latencyPercentileBelow("load", Phase.DURING, 95, NORMAL_P95)
                    .judge(measurements);
            assertThat(beforeOk.passed()).as(beforeOk.message()).isTrue();
            assertThat(duringMissed.passed()).isFalse();
            assertThat(duringMissed.message()).contains("p95", "'load'", "during", during.p95().toString());
            System.out.println(duringMissed.message());

            Path report = drillFolder.resolve("gatling/gatling-report.html");
            assertThat(report).as("Gatling's HTML report kept with the drill, one file").isRegularFile();
            String html = java.nio.file.Files.readString(report);
            assertThat(html).as("scripts, styles and images inlined: nothing loaded from beside it")
                    .doesNotContain("src=\"js/", "href=\"style/", "src=\"style/").contains("Highcharts", "data:image/svg+xml;base64,");
            assertThat(drillFolder.resolve("gatling/simulation.log")).isRegularFile();
            assertThat(drillFolder.resolve("gatling/js")).doesNotExist();
assertThat(((GatlingLoad.RunningLoad) running).resultsFolder())
                    .as("Gatling's temporary results folder removed after the drill").doesNotExist();
        }
    }
}
