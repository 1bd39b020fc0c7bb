package dev.firedrill.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSummaryTest {

    private final SyntheticDrills drills = new SyntheticDrills();

    @Test
    void printsEachDrillsVerdictFiguresAgainstTargetsMissedObjectivesAndWhereTheEvidenceIs() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSummary summary = new ConsoleSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Set.of(SyntheticDrills.PASSWORD));
        RunInfo run = SyntheticDrills.run(Path.of("reports"));

        summary.runStarted(run);
        summary.drillFinished(run, drills.failedApiServiceDown(), new DrillArtifacts(null, null,
                java.util.Map.of(), java.util.Map.of(), SyntheticDrills.d01Targets()));
        summary.drillFinished(run, drills.skippedStorageFull(), DrillArtifacts.none());
        assertThat(bytes.size()).as("nothing printed before the run ends").isZero();
        summary.runFinished(run);

        String evidence = Path.of("reports", SyntheticDrills.RUN_ID, "evidence.json").toString();
        String latest = Path.of("reports", "latest").toString();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(""
                + "Firedrill run 20260101-000000-test: 2 drills, 0 passed, 1 failed, 0 broken, 1 skipped\n"
                + "  D01   API service down              failed   RTO 12.3 s (<= 45 s)  outage 1 window (12.2 s, 1 failure)  TTR 2.3 s"
                + "  lost writes 2 (95 acknowledged before the disruption)\n"
                + "        reason: 1 objective missed: no-acknowledged-writes-lost; password was ****\n"
                + "        missed: Acknowledged writes lost (whole drill) was 2, target ≤ 0: missed\n"
                + "  D06   Storage full                  skipped\n"
                + "        reason: needs root for a loop-mounted volume\n"
                + "Evidence: " + evidence + " (newest run: " + latest + ")\n");
    }

    @Test
    void saysNeverForAPathThatDidNotRecover() {
        var d01 = drills.failedApiServiceDown();
        var never = dev.firedrill.RecoveryMeasurement.neverRecovered("write", java.time.Duration.ofMillis(250), null);
        var measurements = new dev.firedrill.DrillMeasurements(java.util.Map.of("write", never), null,
                java.util.Map.of(), drills.timeline);
        var result = new dev.firedrill.DrillResult("D02", "Database unreachable", java.util.List.of("smoke"), null,
                dev.firedrill.Verdict.FAILED, null, measurements, java.util.List.of(), java.util.List.of(),
                d01.startedAt(), d01.finishedAt());
        ConsoleSummary summary = new ConsoleSummary(new PrintStream(java.io.OutputStream.nullOutputStream()), Set.of());
        RunInfo run = SyntheticDrills.run(Path.of("reports"));

        summary.drillFinished(run, result, new DrillArtifacts(null, null, java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(Evidence.TTR_TARGET_MS, 10_000L)));

        assertThat(summary.render(run)).contains("  D02   Database unreachable          failed   RTO never  TTR never (<= 10 s)\n");
    }

    @Test
    void showsTheMainPathsTwoFailureWindowsAfterTheRto() {
        ConsoleSummary summary = new ConsoleSummary(new PrintStream(java.io.OutputStream.nullOutputStream()), Set.of());
        RunInfo run = SyntheticDrills.run(Path.of("reports"));

        summary.drillFinished(run, drills.failoverWithTwoOutages(), new DrillArtifacts(null, null, java.util.Map.of(),
                java.util.Map.of(), SyntheticDrills.d11Targets()));

        assertThat(summary.render(run)).contains("  D11   Primary lost, fail over       passed   RTO 4.4 s (<= 30 s)"
                + "  outage 2 windows (1 s + 1.4 s, 25 failures)  TTR 3.9 s\n");
    }

    @Test
    void namesTheFirstThreeWindowsCountsTheRestAndSaysWhenOneNeverClosed() {
        java.time.Duration second = java.time.Duration.ofSeconds(1);
        dev.firedrill.TimePoint t = drills.clock.now();
        java.util.List<dev.firedrill.FailureWindow> windows = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            windows.add(new dev.firedrill.FailureWindow(t.plus(second.multipliedBy(2L * i)),
                    t.plus(second.multipliedBy(2L * i + 1)), 2));
        }
        windows.add(new dev.firedrill.FailureWindow(t.plus(second.multipliedBy(9)), null, 1));
        var down = dev.firedrill.RecoveryMeasurement.neverRecovered("write", second, t, windows);
        var steady = new dev.firedrill.RecoveryMeasurement("read", null, second, null, null, t, t);

        assertThat(ConsoleSummary.outage(down)).contains("outage 5 windows (1 s + 1 s + 1 s + 2 more, 9 failures)");
        assertThat(ConsoleSummary.outage(dev.firedrill.RecoveryMeasurement.neverRecovered("write", null, null,
                windows.subList(4, 5)))).contains("outage 1 window (open, 1 failure)");
        assertThat(ConsoleSummary.outage(steady)).contains("outage none");
        assertThat(ConsoleSummary.outage(dev.firedrill.RecoveryMeasurement.neverRecovered("write", null, null))).isEmpty();
    }

    @Test
    void showsDurationsUnderASecondInMilliseconds() {
        assertThat(ConsoleSummary.duration(850)).isEqualTo("850 ms");
        assertThat(ConsoleSummary.duration(45_000)).isEqualTo("45 s");
        assertThat(ConsoleSummary.duration(12_345)).isEqualTo("12.3 s");
    }
}
