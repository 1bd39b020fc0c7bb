package dev.firedrill.report;

import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercise record an auditor reads, rendered from a run's evidence and opened from disk in headless Chromium: the
 * scope, the objectives against what was measured, each missed objective a deficiency with blank fields for its owner,
 * a can-fail variant kept apart (no deficiency), and the sign-off fields.
 */
class ExerciseReportIT {

    @TempDir
    Path reports;

    private final SyntheticDrills drills = new SyntheticDrills();

    @Test
    void theRecordOpensFromDiskWithItsScopeResultsDeficienciesControlRunsAndSignOff() throws Exception {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.runStarted(run);
        DrillResult failover = drills.failoverWithTwoOutages();
        evidence.drillFinished(run, failover, new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d11Targets()));
        DrillResult failed = drills.failedApiServiceDown();
        evidence.drillFinished(run, failed, new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d01Targets()));
        DrillResult variant = new DrillResult("D01-no-restart", "API service down, never restarted", failed.suites(), failed.runbook(),
                Verdict.FAILED_AS_EXPECTED, "failed as it must: " + failed.reason(), failed.measurements(), failed.objectives(),
                failed.steps(), failed.startedAt(), failed.finishedAt());
        evidence.drillFinished(run, variant, new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d01Targets()));
        evidence.runFinished(run);

        Path record = ExerciseReport.writeFor(run.folder(), Set.of());
        String dom = Chromium.installed().dumpDom(record.toUri(), Duration.ofSeconds(2));

        assertThat(dom).contains("Continuity exercise record").contains("2 scenarios (" + failover.drillId() + ", " + failed.drillId() + ")")
                .contains("1 control run proving the checks can fail").contains("Business impact analysis reference")
                .contains("Results against the recovery objectives").contains("Remediation owner").contains("Management sign-off");
        String deficiencies = dom.substring(dom.indexOf("Deficiencies found"), dom.indexOf("Control runs: the checks can fail"));
        assertThat(deficiencies).contains(failed.drillId() + " " + failed.title())
                .doesNotContain("D01-no-restart").doesNotContain(failover.title());
        failed.objectives().stream().filter(o -> !o.passed()).forEach(o -> assertThat(deficiencies).contains(o.name() + ": measured"));
        assertThat(dom.substring(dom.indexOf("Control runs: the checks can fail"))).contains("D01-no-restart API service down, never restarted: missed");
        assertThat(Files.readString(record)).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
        assertThat(dom).as("each target's source, the restore target, the scenario's BIA entry")
                .contains("Target set by").contains("policy dr-policy.yml (site-loss)").contains("the drill")
                .contains("Where restores ran").contains("replica").contains("the standby, promoted")
                .contains("D11: BIA-2026 §4.2 payments ledger");
        String results = dom.substring(dom.indexOf("Results against the recovery objectives"), dom.indexOf("Deficiencies found"));
        assertThat(results).as("the DR policy's target beside the drill's own and the achieved RTO")
                .contains("policy: 4 h; drill: 30 s / " + SummaryPage.seconds(new com.fasterxml.jackson.databind.node.LongNode(
                        failover.measurements().recoveryByPath().get("write").rto().toMillis())));
    }

    @Test
    void theSignedOffRecordIsPrintedToPdfBesideTheSealedOne() throws Exception {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.runStarted(run);
        evidence.drillFinished(run, drills.failedApiServiceDown(), new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d01Targets()));
        evidence.runFinished(run);
        ExerciseReport.writeFor(run.folder(), Set.of());
        EvidenceBundle.seal(run.folder(), java.util.Optional.empty());

        SignOff done = SignOff.write(run.folder(), new SignOff(run.id(), SignOff.manifestHash(run.folder()), "J. Doe, CIO",
                java.time.LocalDate.parse("2026-12-07"), null, "BIA-2026 §4", Map.of("D01", "platform-team"), Map.of(), null, Map.of(),
                java.time.Instant.now()), java.util.Optional.empty(), java.util.Optional.of(Chromium.installed()));

        Path pdf = run.folder().resolve("sign-off").resolve(ExerciseReport.PDF);
        assertThat(done.files()).containsKeys(ExerciseReport.FILE, ExerciseReport.PDF);
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(Files.size(pdf)).isGreaterThan(10_000);
        String dom = Chromium.installed().dumpDom(run.folder().resolve("sign-off").resolve(ExerciseReport.FILE).toUri(), Duration.ofSeconds(2));
        assertThat(dom).contains("<td>J. Doe, CIO</td>").contains("<td>platform-team</td>").contains("<td>BIA-2026 §4</td>");
    }
}
