package dev.firedrill.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Drill;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.Timeline;
import dev.firedrill.report.allure.AllureRunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The regression gate: baseline written from a run's evidence, read back, and judged as an objective. */
class BaselineGateTest {

    @TempDir
    Path dir;

    private static DrillMeasurements rto(long ms) {
        ManualClock clock = new ManualClock();
        return new DrillMeasurements(Map.of("write", new RecoveryMeasurement("write", Duration.ofMillis(10),
                Duration.ofMillis(ms), Duration.ofMillis(ms), clock.now(), clock.now(), clock.now())), null, Map.of(),
                new Timeline(clock));
    }

    private static Drill d01() {
        return Drill.builder("D01", "API service down").probe(s -> null).build();
    }

    private Path evidenceOfAFailedAndAPassedDrill(long d01RtoMs) throws Exception {
        SyntheticDrills drills = new SyntheticDrills();
        RunInfo run = SyntheticDrills.run(dir.resolve("reports"));
        var failed = drills.failedApiServiceDown();
        var passed = new dev.firedrill.DrillResult("D01", failed.title(), failed.suites(), null, dev.firedrill.Verdict.PASSED,
                null, rto(d01RtoMs), java.util.List.of(), java.util.List.of(), failed.startedAt(), failed.finishedAt());
        var failedD02 = new dev.firedrill.DrillResult("D02", "other", failed.suites(), null, failed.verdict(), failed.reason(),
                failed.measurements(), failed.objectives(), java.util.List.of(), failed.startedAt(), failed.finishedAt());
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.drillFinished(run, passed, DrillArtifacts.none());
        evidence.drillFinished(run, failedD02, DrillArtifacts.none());
        evidence.runFinished(run);
        return run.folder().resolve("evidence.json");
    }

    @Test
    void theBaselineTakesThePassedDrillsRtoAndGatesARegressionBeyondTheShare() throws Exception {
        Path baselineFile = dir.resolve("drills/baseline.json");
        Baseline.update(evidenceOfAFailedAndAPassedDrill(10_000), baselineFile);

        assertThat(new ObjectMapper().readTree(baselineFile.toFile()).path("drills").fieldNames())
                .toIterable().containsExactly("D01");
        Baseline baseline = Baseline.load(baselineFile);
        assertThat(baseline.objectivesFor(Drill.builder("D02", "other").probe(s -> null).build())).isEmpty();
        var gate = baseline.objectivesFor(d01());
        assertThat(gate).hasSize(1);

        ObjectiveResult within = gate.get(0).judge(rto(12_500));
        ObjectiveResult worse = gate.get(0).judge(rto(13_000));

        assertThat(within.passed()).isTrue();
        assertThat(worse.passed()).isFalse();
        assertThat(worse.message()).contains("RTO of path 'write' regressed by 30 % against the baseline")
                .contains("PT10S + 25 %").endsWith(": missed");
        assertThat(worse.target()).isEqualTo("≤ 12500");
        // Its own Allure category, not "RTO exceeded".
        assertThat(AllureRunFiles.categories()).filteredOn(c -> c.matchedStatuses().contains("failed") && Pattern.compile(c.messageRegex(), Pattern.DOTALL)
                .matcher(worse.message()).matches()).extracting(AllureRunFiles.Category::name)
                .containsExactly("RTO regressed against the baseline");
    }

    @Test
    void theShareIsConfigurable() throws Exception {
        Path baselineFile = dir.resolve("baseline.json");
        Files.writeString(baselineFile, "{\"max_rto_regression\": 0.5, \"drills\": {\"D01\": {\"rto_ms\": 10000}}}");

        assertThat(Baseline.load(baselineFile).objectivesFor(d01()).get(0).judge(rto(14_000)).passed()).isTrue();
        System.setProperty(Baseline.SHARE_PROPERTY, "0.1");
        try {
            assertThat(Baseline.load(baselineFile).objectivesFor(d01()).get(0).judge(rto(11_500)).passed()).isFalse();
        } finally {
            System.clearProperty(Baseline.SHARE_PROPERTY);
        }
    }

    @Test
    void aDrillThatNeverRecoveredMissesTheGate() throws Exception {
        ManualClock clock = new ManualClock();
        DrillMeasurements never = new DrillMeasurements(Map.of("write",
                RecoveryMeasurement.neverRecovered("write", Duration.ofMillis(5), clock.now())), null, Map.of(), new Timeline(clock));

        ObjectiveResult r = new Baseline(Map.of("D01", 10_000L), 0.25).objectivesFor(d01()).get(0).judge(never);

        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("never recovered");
    }
}
