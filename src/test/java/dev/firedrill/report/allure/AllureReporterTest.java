package dev.firedrill.report.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillResult;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.SyntheticDrills;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AllureReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    private final CapturingWriter writer = new CapturingWriter();
    private final AllureLifecycle allure = new AllureLifecycle(writer);
    private final AllureReporter reporter = new AllureReporter(allure, Set.of(SyntheticDrills.PASSWORD));
    private final SyntheticDrills drills = new SyntheticDrills();

    /** Runs {@code body} inside a test case of the private lifecycle, as allure-jupiter would, and returns what was written. */
    private TestResult insideATest(Runnable body) {
        String uuid = UUID.randomUUID().toString();
        List<Label> labels = new ArrayList<>(List.of(new Label().setName("suite").setValue("ApiDrillsIT")));
        allure.scheduleTestCase(new TestResult().setUuid(uuid).setName("apiServiceDown()").setLabels(labels));
        allure.startTestCase(uuid);
        body.run();
        allure.stopTestCase(uuid);
        allure.writeTestCase(uuid);
        assertThat(writer.results).hasSize(1);
        return writer.results.get(0);
    }

    private DrillArtifacts d01Artifacts(RunInfo run) throws IOException {
        Path folder = Files.createDirectories(run.folder().resolve("D01"));
        Path restart = Files.writeString(folder.resolve("restart.log"), "restarted, url " + SyntheticDrills.JDBC_URL);
        Path ledgerLog = Files.writeString(folder.resolve("ledger-container.log"),
                "started\nLEDGER_DB_PASSWORD=" + SyntheticDrills.PASSWORD + "\nready\n");
        return new DrillArtifacts(drills.writeLedger(folder.resolve("ledger.jsonl")), null, Map.of("restart(ledger)", restart),
                Map.of("ledger", ledgerLog), SyntheticDrills.d01Targets());
    }

    @Test
    void addsOneStepPerDrillStepWithTheDrillsOwnTimesAndOutcomes() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d01 = drills.failedApiServiceDown();
        DrillArtifacts artifacts = d01Artifacts(run);

        TestResult test = insideATest(() -> reporter.drillFinished(run, d01, artifacts));

        assertThat(test.getSteps()).singleElement().satisfies(drill -> {
            assertThat(drill.getName()).isEqualTo("Drill D01 API service down: failed");
            assertThat(drill.getStatus()).isEqualTo(Status.FAILED);
            assertThat(drill.getStatusDetails().getMessage())
                    .isEqualTo("1 objective missed: no-acknowledged-writes-lost; password was ****");
            assertThat(drill.getStart()).isEqualTo(millis("2026-01-01T00:00:00Z"));
            assertThat(drill.getStop()).isEqualTo(millis("2026-01-01T00:00:20.445Z"));
            assertThat(drill.getSteps()).extracting(StepResult::getName, StepResult::getStatus, StepResult::getStart,
                    StepResult::getStop).containsExactly(
                    tuple("kill(ledger)", Status.PASSED, millis("2026-01-01T00:00:02.500Z"),
                            millis("2026-01-01T00:00:03Z")),
                    tuple("restart(ledger)", Status.PASSED, millis("2026-01-01T00:00:13Z"),
                            millis("2026-01-01T00:00:14Z")));
        });
        assertThat(test.getStatus()).as("the test's status is the test's own").isNull();
    }

    @Test
    void addsTheObjectivesAsParametersExcludedFromHistory() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d01 = drills.failedApiServiceDown();

        TestResult test = insideATest(() -> reporter.drillFinished(run, d01, DrillArtifacts.none()));

        assertThat(test.getParameters()).extracting(Parameter::getName, Parameter::getValue, Parameter::getExcluded)
                .containsExactly(
                        tuple("rto(write)", "12345 ms vs ≤ 45000 ms (passed)", true),
                        tuple("no-acknowledged-writes-lost", "2 writes vs ≤ 0 writes (missed)", true),
                        tuple("failure-windows(write)", "1: 2026-01-01T00:00:03.100Z for 12245 ms (1 failure)", true),
                        tuple("failed-total(write)", "12245 ms, 1 failure", true),
                        tuple("outage-observed(write)", "12245 ms", true));
    }

    @Test
    void addsTheMainPathsTwoFailureWindowsFailedTotalAndOutageAsObservedAsParameters() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d11 = drills.failoverWithTwoOutages();

        TestResult test = insideATest(() -> reporter.drillFinished(run, d11, DrillArtifacts.none()));

        assertThat(test.getParameters()).extracting(Parameter::getName, Parameter::getValue).containsExactly(
                tuple("rto(write)", "4410 ms vs ≤ 30000 ms (passed)"),
                tuple("policy:rto(write)", "4410 ms vs ≤ 14400000 ms (passed)"),
                tuple("failure-windows(write)", "2: 2026-01-01T00:00:02Z for 1010 ms (11 failures); "
                        + "2026-01-01T00:00:05Z for 1410 ms (14 failures)"),
                tuple("failed-total(write)", "2420 ms, 25 failures"),
                tuple("outage-observed(write)", "4510 ms"));
        JsonNode evidence = JSON.readTree(writer.content(test.getSteps().get(0).getAttachments().get(0)));
        assertThat(evidence.get("failure_windows")).hasSize(2);
        assertThat(evidence.get("paths")).extracting(p -> p.get("path").asText()).containsExactly("write", "read");
    }

    @Test
    void saysWhenTheLastWindowNeverClosed() {
        DrillResult d11 = drills.failoverWithTwoOutages();
        var write = d11.measurements().recoveryByPath().get("write");
        var down = dev.firedrill.RecoveryMeasurement.neverRecovered("write", write.detection(), write.firstFailure(),
                List.of(write.windows().get(0), new dev.firedrill.FailureWindow(write.windows().get(1).start(), null, 3)));

        assertThat(AllureReporter.windowsValue(down)).isEqualTo("2: 2026-01-01T00:00:02Z for 1010 ms (11 failures); "
                + "2026-01-01T00:00:05Z until the end (3 failures)");
        assertThat(AllureReporter.windowsValue(dev.firedrill.RecoveryMeasurement.neverRecovered("write", null, null)))
                .isEqualTo("none");
    }

    @Test
    void labelsTheTestWithTheDrillAndItsSuites() {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d01 = drills.failedApiServiceDown();

        TestResult test = insideATest(() -> reporter.drillFinished(run, d01, DrillArtifacts.none()));

        assertThat(test.getLabels()).extracting(Label::getName, Label::getValue).containsExactlyInAnyOrder(
                tuple("epic", "D01"), tuple("feature", "API service down"), tuple("subSuite", "ApiDrillsIT"),
                tuple("suite", "smoke"), tuple("suite", "regression"), tuple("tag", "smoke"),
                tuple("tag", "regression"));
    }

    @Test
    void attachesTheEvidenceRecordStepOutputsAndContainerLogsMasked() throws IOException {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult d01 = drills.failedApiServiceDown();
        DrillArtifacts artifacts = d01Artifacts(run);

        TestResult test = insideATest(() -> reporter.drillFinished(run, d01, artifacts));

        StepResult drill = test.getSteps().get(0);
        assertThat(drill.getAttachments()).extracting(Attachment::getName, Attachment::getType)
                .containsExactly(tuple("evidence D01", "application/json"), tuple("timeline chart D01", "image/svg+xml"),
                        tuple("ledger chart D01", "image/svg+xml"), tuple("ledger.log", "text/plain"));
        assertThat(writer.content(drill.getAttachments().get(1))).startsWith("<svg").contains("Drill D01")
                .contains("disruption");
        assertThat(writer.content(drill.getAttachments().get(2))).startsWith("<svg").contains("lost 2")
                .contains("acknowledged 11");
        JsonNode evidence = JSON.readTree(writer.content(drill.getAttachments().get(0)));
        assertThat(evidence.get("drill").asText()).isEqualTo("D01");
        assertThat(evidence.get("rto_ms").asLong()).isEqualTo(12_345L);
        assertThat(evidence.get("rto_target_ms").asLong()).isEqualTo(45_000L);
        assertThat(evidence.get("ledger_file").asText()).isEqualTo("D01/ledger.jsonl");
        assertThat(writer.content(drill.getAttachments().get(3))).isEqualTo("started\nLEDGER_DB_PASSWORD=****\nready\n");

        StepResult kill = drill.getSteps().get(0);
        StepResult restart = drill.getSteps().get(1);
        assertThat(kill.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("kill(ledger) output");
            assertThat(writer.content(a)).isEqualTo("killed container ledger");
        });
        assertThat(writer.content(restart.getAttachments().get(0)))
                .isEqualTo("restarted, url jdbc:postgresql://127.0.0.1:5432/ledger?user=ledger&password=****");
        assertThat(writer.attachments.values()).allSatisfy(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain(SyntheticDrills.PASSWORD));
    }

    @Test
    void takesNoEffectWhenNoTestIsRunning() {
        RunInfo run = SyntheticDrills.run(reports);

        reporter.drillFinished(run, drills.failedApiServiceDown(), DrillArtifacts.none());

        assertThat(writer.results).isEmpty();
        assertThat(writer.attachments).isEmpty();
        assertThat(allure.getCurrentTestCaseOrStep()).isEmpty();
    }

    @Test
    void twoDrillsInOneTestKeepTheirObjectivesApart() {
        RunInfo run = SyntheticDrills.run(reports);
        DrillResult first = drills.failedApiServiceDown();
        DrillResult second = new DrillResult("D01-can-fail", "API service down, can fail", List.of("smoke"), null,
                first.verdict(), null, first.measurements(), first.objectives(), List.of(), first.startedAt(),
                first.finishedAt());

        TestResult test = insideATest(() -> {
            reporter.drillFinished(run, first, DrillArtifacts.none());
            reporter.drillFinished(run, second, DrillArtifacts.none());
        });

        assertThat(test.getParameters()).extracting(Parameter::getName).containsExactly("rto(write)",
                "no-acknowledged-writes-lost", "failure-windows(write)", "failed-total(write)", "outage-observed(write)",
                "D01-can-fail rto(write)", "D01-can-fail no-acknowledged-writes-lost", "D01-can-fail failure-windows(write)",
                "D01-can-fail failed-total(write)", "D01-can-fail outage-observed(write)");
        assertThat(test.getSteps()).extracting(StepResult::getName).containsExactly(
                "Drill D01 API service down: failed", "Drill D01-can-fail API service down, can fail: failed");
    }

    @Test
    void aMissingLogFileIsLeftOutNotThrown() {
        RunInfo run = SyntheticDrills.run(reports);
        DrillArtifacts artifacts = new DrillArtifacts(null, null, Map.of(), Map.of("redis", reports.resolve("nope.log")),
                Map.of());

        TestResult test = insideATest(() -> reporter.drillFinished(run, drills.skippedStorageFull(), artifacts));

        assertThat(test.getSteps().get(0).getAttachments()).extracting(Attachment::getName)
                .containsExactly("evidence D06", "timeline chart D06");
        assertThat(test.getSteps().get(0).getStatus()).isEqualTo(Status.SKIPPED);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** Keeps what the lifecycle writes in memory. */
    private static final class CapturingWriter implements AllureResultsWriter {
        final List<TestResult> results = new ArrayList<>();
        final Map<String, byte[]> attachments = new LinkedHashMap<>();

        @Override
        public void write(TestResult testResult) {
            results.add(testResult);
        }

        @Override
        public void write(TestResultContainer testResultContainer) {
        }

        @Override
        public void write(String source, InputStream attachment) {
            try {
                attachments.put(source, attachment.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String content(Attachment a) {
            return new String(attachments.get(a.getSource()), StandardCharsets.UTF_8);
        }
    }
}
