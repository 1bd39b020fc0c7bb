package dev.firedrill.report;

import dev.firedrill.StepRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillResult;
import dev.firedrill.FailureWindow;
import dev.firedrill.ManualClock;
import dev.firedrill.RecoveryMeasurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    private final SyntheticDrills drills = new SyntheticDrills();
    private final ManualClock reporterClock = new ManualClock(Instant.parse("2026-01-01T00:01:00Z"), 0);

    private EvidenceReporter reporter() {
        return new EvidenceReporter(reporterClock, Set.of(SyntheticDrills.PASSWORD));
    }

    private DrillArtifacts d01Artifacts(RunInfo run) throws IOException {
        Path drillFolder = RunFolder.drillFolder(run, "D01");
        Path restartLog = Files.createDirectories(drillFolder).resolve("restart.log");
        Files.writeString(restartLog, "restarted\n");
        Path timeline = TimelineFiles.writeFor(run, "D01", drills.timeline, Set.of(SyntheticDrills.PASSWORD));
        return new DrillArtifacts(drillFolder.resolve(RunFolder.LEDGER_FILE), timeline,
                Map.of("restart(ledger)", restartLog), Map.of(), SyntheticDrills.d01Targets());
    }

    @Test
    void writesEveryFieldOfTheContractWithExactValuesAndExplicitNulls() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter reporter = reporter();
        DrillResult d01 = drills.failedApiServiceDown();
        DrillArtifacts artifacts = d01Artifacts(run);

        reporter.runStarted(run);
        reporter.drillFinished(run, d01, artifacts);
        reporter.drillFinished(run, drills.skippedStorageFull(), DrillArtifacts.none());
        reporter.runFinished(run);

        JsonNode written = JSON.readTree(reports.resolve(SyntheticDrills.RUN_ID).resolve("evidence.json").toFile());
        assertThat(written).isEqualTo(JSON.readTree("""
                {
                  "run": {
                    "id": "20260101-000000-test",
                    "started_at": "2025-12-31T23:59:59Z",
                    "finished_at": "2026-01-01T00:01:00Z",
                    "commit": "0123abc",
                    "host": "drill-host",
                    "engine": "Docker 20.10.24 (API 1.41)",
                    "images": {"ledger": "firedrill/ledger@sha256:bbb", "postgres": "sha256:aaa"},
                    "suite": null, "shard": null, "shard_units": null, "shards": null
                  },
                  "drills": [
                    {
                      "drill": "D01",
                      "title": "API service down",
                      "suites": ["smoke", "regression"],
                      "unit": null,
                      "runbook": "runbooks/api-down.md",
                      "verdict": "failed",
                      "reason": "1 objective missed: no-acknowledged-writes-lost; password was ****",
                      "rto_target_ms": 45000,
                      "rto_ms": 12345,
                      "ttr_target_ms": null,
                      "ttr_ms": 2345,
                      "detection_ms": 250,
                      "outage_observed_ms": 12245,
                      "failed_ms_total": 12245,
                      "failures": 1,
                      "failure_windows": [
                        {"start": "2026-01-01T00:00:03.100Z", "end": "2026-01-01T00:00:15.345Z", "duration_ms": 12245,
                         "failures": 1}
                      ],
                      "acknowledged_before_disruption": 95,
                      "rpo_target_writes": 0,
                      "rpo_lost_writes": 2,
                      "rpo_target_ms": null,
                      "rpo_window_ms": 1500,
                      "lost_after_disruption": 0,
                      "discarded_after_disruption": null,
                      "lost_before_recovery_point": null,
                      "present_after_target": null,
                      "unexpected": 0,
                      "recovered": 1,
                      "duplicates": 0,
                      "recovered_by_itself": false,
                      "paths": [
                        {"path": "read", "rto_ms": 11000, "ttr_ms": 1000, "detection_ms": 90, "outage_observed_ms": null,
                         "failed_ms_total": 0, "failures": 0, "failure_windows": []},
                        {"path": "write", "rto_ms": 12345, "ttr_ms": 2345, "detection_ms": 250,
                         "outage_observed_ms": 12245, "failed_ms_total": 12245, "failures": 1, "failure_windows": [
                           {"start": "2026-01-01T00:00:03.100Z", "end": "2026-01-01T00:00:15.345Z",
                            "duration_ms": 12245, "failures": 1}
                         ]}
                      ],
                      "objectives": [
                        {"name": "rto(write)", "phase": "recovery", "target": "≤ 45000", "measured": "12345",
                         "unit": "ms", "passed": true, "source": "drill"},
                        {"name": "no-acknowledged-writes-lost", "phase": null, "target": "≤ 0", "measured": "2",
                         "unit": "writes", "passed": false, "source": "drill"}
                      ],
                      "resolved_targets": [],
                      "monitoring": null,
                      "restore_targets": [],
                      "releases": [],
                      "bia": null,
                      "remediation_owner": null,
                      "steps": [
                        {"name": "kill(ledger)", "started_at": "2026-01-01T00:00:02.500Z",
                         "finished_at": "2026-01-01T00:00:03Z", "outcome": "passed",
                         "output_file": "D01/steps/01-kill-ledger.txt"},
                        {"name": "restart(ledger)", "started_at": "2026-01-01T00:00:13Z",
                         "finished_at": "2026-01-01T00:00:14Z", "outcome": "passed",
                         "output_file": "D01/restart.log"}
                      ],
                      "ledger_file": "D01/ledger.jsonl",
                      "timeline_file": "D01/timeline.jsonl",
                      "started_at": "2026-01-01T00:00:00Z",
                      "finished_at": "2026-01-01T00:00:20.445Z"
                    },
                    {
                      "drill": "D06",
                      "title": "Storage full",
                      "suites": ["regression", "quarterly"],
                      "unit": null,
                      "runbook": null,
                      "verdict": "skipped",
                      "reason": "needs root for a loop-mounted volume",
                      "rto_target_ms": null,
                      "rto_ms": null,
                      "ttr_target_ms": null,
                      "ttr_ms": null,
                      "detection_ms": null,
                      "outage_observed_ms": null,
                      "failed_ms_total": null,
                      "failures": null,
                      "failure_windows": null,
                      "acknowledged_before_disruption": null,
                      "rpo_target_writes": null,
                      "rpo_lost_writes": null,
                      "rpo_target_ms": null,
                      "rpo_window_ms": null,
                      "lost_after_disruption": null,
                      "discarded_after_disruption": null,
                      "lost_before_recovery_point": null,
                      "present_after_target": null,
                      "unexpected": null,
                      "recovered": null,
                      "duplicates": null,
                      "recovered_by_itself": null,
                      "paths": [],
                      "objectives": [],
                      "resolved_targets": [],
                      "monitoring": null,
                      "restore_targets": [],
                      "releases": [],
                      "bia": null,
                      "remediation_owner": null,
                      "steps": [],
                      "ledger_file": null,
                      "timeline_file": null,
                      "started_at": "2026-01-01T00:00:21.445Z",
                      "finished_at": "2026-01-01T00:00:21.445Z"
                    }
                  ]
                }
                """));
    }

    @Test
    void writesTheFieldsInTheContractsOrder() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter reporter = reporter();
        reporter.drillFinished(run, drills.failedApiServiceDown(), d01Artifacts(run));
        reporter.runFinished(run);

        JsonNode written = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile());
        assertThat(names(written)).containsExactly("run", "drills");
        assertThat(names(written.get("run")))
                .containsExactly("id", "started_at", "finished_at", "commit", "host", "engine", "images", "suite", "shard",
                        "shard_units", "shards");
        assertThat(names(written.get("drills").get(0))).containsExactly("drill", "title", "suites", "unit", "runbook",
                "verdict", "reason", "rto_target_ms", "rto_ms", "ttr_target_ms", "ttr_ms", "detection_ms",
                "outage_observed_ms", "failed_ms_total", "failures", "failure_windows", "acknowledged_before_disruption",
                "rpo_target_writes", "rpo_lost_writes", "rpo_target_ms", "rpo_window_ms", "lost_after_disruption",
                "discarded_after_disruption", "lost_before_recovery_point", "present_after_target", "unexpected",
                "recovered", "duplicates", "recovered_by_itself", "paths", "objectives", "resolved_targets", "monitoring", "restore_targets", "releases", "bia", "remediation_owner", "steps", "ledger_file", "timeline_file", "started_at",
                "finished_at");
        assertThat(names(written.get("drills").get(0).get("failure_windows").get(0)))
                .containsExactly("start", "end", "duration_ms", "failures");
        assertThat(names(written.get("drills").get(0).get("paths").get(0))).containsExactly("path", "rto_ms", "ttr_ms",
                "detection_ms", "outage_observed_ms", "failed_ms_total", "failures", "failure_windows");
        assertThat(names(written.get("drills").get(0).get("objectives").get(0)))
                .containsExactly("name", "phase", "target", "measured", "unit", "passed", "source");
        assertThat(names(written.get("drills").get(0).get("steps").get(0)))
                .containsExactly("name", "started_at", "finished_at", "outcome", "output_file");
        assertThat(written.get("drills").get(0).get("rto_ms").isIntegralNumber()).isTrue();
        assertThat(written.get("drills").get(0).get("rpo_lost_writes").isIntegralNumber()).isTrue();
    }

    @Test
    void writesTheMainPathsTwoFailureWindowsAndEveryPathsFiguresAsMeasured() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d11 = drills.failoverWithTwoOutages();
        EvidenceReporter reporter = reporter();

        reporter.drillFinished(run, d11, new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d11Targets()));

        JsonNode drill = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile()).get("drills").get(0);
        JsonNode windows = JSON.readTree("""
                [
                  {"start": "2026-01-01T00:00:02Z", "end": "2026-01-01T00:00:03.010Z", "duration_ms": 1010,
                   "failures": 11},
                  {"start": "2026-01-01T00:00:05Z", "end": "2026-01-01T00:00:06.410Z", "duration_ms": 1410,
                   "failures": 14}
                ]
                """);
        assertThat(drill.get("rto_ms").asLong()).as("RTO ends after the second window").isEqualTo(4_410L);
        assertThat(drill.get("ttr_ms").asLong()).isEqualTo(3_910L);
        assertThat(drill.get("detection_ms").asLong()).isEqualTo(10L);
        assertThat(drill.get("outage_observed_ms").asLong()).isEqualTo(4_510L);
        assertThat(drill.get("failed_ms_total").asLong()).isEqualTo(2_420L);
        assertThat(drill.get("failures").asInt()).isEqualTo(25);
        assertThat(drill.get("failure_windows")).isEqualTo(windows);
        assertThat(drill.get("paths")).isEqualTo(JSON.readTree("""
                [
                  {"path": "write", "rto_ms": 4410, "ttr_ms": 3910, "detection_ms": 10, "outage_observed_ms": 4510,
                   "failed_ms_total": 2420, "failures": 25, "failure_windows": %s},
                  {"path": "read", "rto_ms": 5, "ttr_ms": 0, "detection_ms": null, "outage_observed_ms": null,
                   "failed_ms_total": 0, "failures": 0, "failure_windows": []}
                ]
                """.formatted(windows)));
    }

    @Test
    void writesAWindowThatNeverClosedWithANullEnd() {
        DrillResult d11 = drills.failoverWithTwoOutages();
        var write = d11.measurements().recoveryByPath().get("write");
        var down = RecoveryMeasurement.neverRecovered("write", write.detection(), write.firstFailure(),
                List.of(write.windows().get(0), new FailureWindow(write.windows().get(1).start(), null, 40)));
        DrillResult stillDown = new DrillResult("D11", d11.title(), d11.suites(), null, dev.firedrill.Verdict.FAILED,
                null, new dev.firedrill.DrillMeasurements(Map.of("write", down), null, Map.of(), d11.measurements().timeline()),
                List.of(), List.of(), d11.startedAt(), d11.finishedAt());

        Map<String, Object> record = Evidence.drill(SyntheticDrills.run(reports), stillDown, DrillArtifacts.none());

        assertThat(record).containsEntry("rto_ms", null).containsEntry("outage_observed_ms", null)
                .containsEntry("failed_ms_total", 1_010L).containsEntry("failures", 51);
        Map<String, Object> open = new java.util.LinkedHashMap<>();
        open.put("start", "2026-01-01T00:00:05Z");
        open.put("end", null);
        open.put("duration_ms", null);
        open.put("failures", 40);
        assertThat((List<?>) record.get("failure_windows")).hasSize(2).last().isEqualTo(open);
    }

    @Test
    void leavesTheFinishedDrillsOnDiskAfterEachDrillBeforeTheRunEnds() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter reporter = reporter();
        reporter.runStarted(run);

        JsonNode atStart = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile());
        assertThat(atStart.get("drills")).isEmpty();
        assertThat(atStart.get("run").get("finished_at").isNull()).isTrue();

        reporter.drillFinished(run, drills.failedApiServiceDown(), d01Artifacts(run));
        // The JVM could die here: what finished is already written.
        JsonNode afterOne = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile());
        assertThat(afterOne.get("drills")).hasSize(1);
        assertThat(afterOne.get("drills").get(0).get("drill").asText()).isEqualTo("D01");
        assertThat(afterOne.get("run").get("finished_at").isNull()).isTrue();
        try (Stream<Path> files = Files.list(run.folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void pointsLatestAtTheNewestRunFolderWithARelativeLink() throws IOException {
        RunInfo first = SyntheticDrills.run(reports);
        RunInfo second = new RunInfo("20260101-010000-next", first.startedAt(), reports.resolve("20260101-010000-next"),
                null, "drill-host", "Docker", Map.of());
        EvidenceReporter reporter = reporter();

        reporter.runStarted(first);
        Path latest = reports.resolve("latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of(SyntheticDrills.RUN_ID));

        reporter.runStarted(second);
        reporter.runFinished(second);
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("20260101-010000-next"));
        assertThat(latest.resolve("evidence.json")).exists();
        assertThat(JSON.readTree(latest.resolve("evidence.json").toFile()).get("run").get("id").asText())
                .isEqualTo("20260101-010000-next");
    }

    @Test
    void stillWritesTheEvidenceWhenLatestIsARealDirectory() throws IOException {
        Files.createDirectories(reports.resolve("latest"));
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter reporter = reporter();

        reporter.runStarted(run);
        reporter.runFinished(run);

        assertThat(EvidenceReporter.evidenceFile(run)).exists();
        assertThat(Files.isSymbolicLink(reports.resolve("latest"))).isFalse();
    }

    @Test
    void neverWritesAPasswordAnywhereInTheRunFolder() throws IOException {
        RunInfo run = new RunInfo(SyntheticDrills.RUN_ID, Instant.parse("2026-01-01T00:00:00Z"),
                reports.resolve(SyntheticDrills.RUN_ID), null, "drill-host",
                "Docker via tcp://admin:" + SyntheticDrills.PASSWORD + "@127.0.0.1:2375", Map.of());
        EvidenceReporter reporter = reporter();
        reporter.runStarted(run);
        reporter.drillFinished(run, drills.failedApiServiceDown(), d01Artifacts(run));
        reporter.runFinished(run);

        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(reports)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).extracting(p -> reports.relativize(p).toString().replace('\\', '/'))
                .contains("20260101-000000-test/evidence.json", "20260101-000000-test/D01/timeline.jsonl",
                        "20260101-000000-test/D01/steps/01-kill-ledger.txt");
        for (Path f : files) {
            assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString())
                    .doesNotContain(SyntheticDrills.PASSWORD).doesNotContain("hunter2");
        }
        String evidence = Files.readString(EvidenceReporter.evidenceFile(run));
        assertThat(evidence).contains("tcp://admin:****@127.0.0.1:2375");
    }

    @Test
    void writesAStepsOutputToAFileWhenTheEngineGaveNone() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        EvidenceReporter reporter = reporter();
        reporter.drillFinished(run, drills.failedApiServiceDown(), DrillArtifacts.none());

        Path kill = run.folder().resolve("D01/steps/01-kill-ledger.txt");
        Path restart = run.folder().resolve("D01/steps/02-restart-ledger.txt");
        assertThat(kill).hasContent("killed container ledger");
        assertThat(restart).hasContent("restarted with LEDGER_DB_URL="
                + "jdbc:postgresql://127.0.0.1:5432/ledger?user=ledger&password=****");
        JsonNode steps = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile()).get("drills").get(0).get("steps");
        assertThat(steps.get(1).get("output_file").asText()).isEqualTo("D01/steps/02-restart-ledger.txt");
    }

    /** D19 migrates -1 twice: each of two steps of one name keeps its own output file. */
    @Test
    void twoStepsOfOneNameEachKeepTheirOwnOutput() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult base = drills.failedApiServiceDown();
        StepRecord first = base.steps().get(0);
        List<StepRecord> twice = List.of(first, new StepRecord(first.name(), first.finishedAt(), first.finishedAt(), "passed",
                "killed container ledger again"));
        DrillResult repeated = new DrillResult(base.drillId(), base.title(), base.suites(), base.runbook(), base.verdict(),
                base.reason(), base.measurements(), base.objectives(), twice, base.startedAt(), base.finishedAt());
        reporter().drillFinished(run, repeated, DrillArtifacts.none());

        assertThat(run.folder().resolve("D01/steps/01-kill-ledger.txt")).hasContent("killed container ledger");
        assertThat(run.folder().resolve("D01/steps/02-kill-ledger.txt")).hasContent("killed container ledger again");
        JsonNode steps = JSON.readTree(EvidenceReporter.evidenceFile(run).toFile()).get("drills").get(0).get("steps");
        assertThat(steps.get(0).get("output_file").asText()).isEqualTo("D01/steps/01-kill-ledger.txt");
        assertThat(steps.get(1).get("output_file").asText()).isEqualTo("D01/steps/02-kill-ledger.txt");
    }

    @Test
    void takesTheFiguresOfTheFirstMeasuredPathWhenThereIsNoWritePath() {
        DrillResult d01 = drills.failedApiServiceDown();
        var onlyRead = new dev.firedrill.DrillMeasurements(
                Map.of("read", d01.measurements().recoveryByPath().get("read")), null, Map.of(), drills.timeline);
        DrillResult readOnly = new DrillResult("D07", "Cache outage", List.of(), null, d01.verdict(), null, onlyRead,
                List.of(), List.of(), d01.startedAt(), d01.finishedAt());

        Map<String, Object> record = Evidence.drill(SyntheticDrills.run(reports), readOnly, DrillArtifacts.none());

        assertThat(record).containsEntry("rto_ms", 11_000L).containsEntry("ttr_ms", 1_000L)
                .containsEntry("detection_ms", 90L).containsEntry("rpo_lost_writes", null);
    }

    @Test
    void readsTheTargetsFromTheJudgedObjectivesPreferringTheWritePath() {
        List<dev.firedrill.ObjectiveResult> objectives = List.of(
                objective("ttr(read)", "≤ 5000"), objective("rto(read)", "≤ 30000"), objective("rto(write)", "≤ 45000"),
                objective("no-acknowledged-writes-lost", "≤ 0"), objective("rpo-window", "≤ 1000"),
                objective("error-rate(read, during)", "< 0.01"));

        assertThat(Evidence.targetsFrom(objectives)).containsExactly(Map.entry("rto_target_ms", 45_000L),
                Map.entry("ttr_target_ms", 5_000L), Map.entry("rpo_target_writes", 0L),
                Map.entry("rpo_target_ms", 1_000L));
        assertThat(Evidence.targetsFrom(List.of(objective("rpo-lost-writes", "≤ 3"),
                objective("no-acknowledged-writes-lost", "≤ 0")))).containsExactly(Map.entry("rpo_target_writes", 3L));
        assertThat(Evidence.targetsFrom(List.of())).isEmpty();
    }

    private static dev.firedrill.ObjectiveResult objective(String name, String target) {
        return new dev.firedrill.ObjectiveResult(name, null, target, null, "ms", false, name + " missed");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
