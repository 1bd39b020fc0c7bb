package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillResult;
import dev.firedrill.RecoveryMeasurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** summary.html from the evidence: the RTO it tells is rto_ms, and it lists the main path's failure windows. */
class SummaryPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    private final SyntheticDrills drills = new SyntheticDrills();

    /** The run folder of D11 (two failure windows), its evidence written, and its summary page. */
    private String summaryOf(DrillResult d11) throws Exception {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.runStarted(run);
        evidence.drillFinished(run, d11, new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d11Targets()));
        evidence.runFinished(run);
        return Files.readString(SummaryPage.writeFor(run.folder(), Set.of()));
    }

    @Test
    void theServiceWasWorkingAgainWithinTheRtoAfterTheLastFailureWindow() throws Exception {
        DrillResult d11 = drills.failoverWithTwoOutages();
        RecoveryMeasurement write = d11.measurements().recoveryByPath().get("write");

        String html = summaryOf(d11);

        JsonNode drill = JSON.readTree(reports.resolve(SyntheticDrills.RUN_ID).resolve("evidence.json").toFile())
                .get("drills").get(0);
        Matcher within = Pattern.compile("working again within ([^ ]+ m?s) \\(allowed: 30 s\\)").matcher(html);
        assertThat(within.find()).as("the plain story in %s", html).isTrue();
        String told = within.group(1);
        assertThat(told).isEqualTo(ConsoleSummary.duration(drill.get("rto_ms").asLong()))
                .isEqualTo(ConsoleSummary.duration(write.rto().toMillis())).isEqualTo("4.4 s");
        // Each figure it could be mistaken for reads differently, so this test tells them apart.
        assertThat(told).isNotIn(ConsoleSummary.duration(write.windows().get(0).end().since(d11.measurements().timeline()
                        .first(dev.firedrill.Marker.DISRUPTION).orElseThrow()).toMillis()),
                ConsoleSummary.duration(drill.get("outage_observed_ms").asLong()),
                ConsoleSummary.duration(drill.get("failed_ms_total").asLong()),
                ConsoleSummary.duration(drill.get("ttr_ms").asLong()));
        assertThat(html).contains("<td class=\"passed\">passed</td><td>4.4 s (allowed 30 s)</td>");
    }

    @Test
    void listsTheMainPathsTwoFailureWindowsAndTheOutageAsObserved() throws Exception {
        String html = summaryOf(drills.failoverWithTwoOutages());

        assertThat(html).contains("The probes saw the service fail in 2 windows, 2.4 s in all, 25 failed requests. "
                        + "Outage as observed (first failure to the first lasting success): 4.5 s.")
                .contains("<tr><td>2026-01-01T00:00:02Z</td><td>1 s</td><td>11</td></tr>\n"
                        + "<tr><td>2026-01-01T00:00:05Z</td><td>1.4 s</td><td>14</td></tr>\n</table>");
    }

    @Test
    void aWindowThatNeverClosedLastsUntilTheEndOfTheDrill() throws Exception {
        DrillResult d11 = drills.failoverWithTwoOutages();
        RecoveryMeasurement write = d11.measurements().recoveryByPath().get("write");
        RecoveryMeasurement down = RecoveryMeasurement.neverRecovered("write", write.detection(), write.firstFailure(),
                java.util.List.of(new dev.firedrill.FailureWindow(write.windows().get(0).start(), null, 70)));
        DrillResult stillDown = new DrillResult("D11", d11.title(), d11.suites(), null, dev.firedrill.Verdict.FAILED,
                "path 'write' never recovered", new dev.firedrill.DrillMeasurements(Map.of("write", down), null, Map.of(),
                d11.measurements().timeline()), java.util.List.of(), java.util.List.of(), d11.startedAt(), d11.finishedAt());

        String html = summaryOf(stillDown);

        assertThat(html).contains("The service did not come back within the time the drill waited.")
                .contains("fail in 1 window, 70 failed requests. The last window had not closed")
                .contains("<tr><td>2026-01-01T00:00:02Z</td><td>until the end of the drill</td><td>70</td></tr>");
    }
}
