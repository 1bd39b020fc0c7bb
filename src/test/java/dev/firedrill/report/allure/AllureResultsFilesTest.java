package dev.firedrill.report.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillResult;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.SyntheticDrills;
import io.qameta.allure.util.PropertiesUtils;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Allure adapter under the real allure-jupiter, which registers itself with the JUnit Platform:
 * the first test reports a drill, the second finds it in the result files Allure wrote when the
 * first test ended.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllureResultsFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The title of the drill the first test reported, unique to this JVM. */
    private static volatile String reportedTitle;
    private static volatile Path resultsDirectory;

    @Test
    @Order(1)
    void reportsADrillIntoTheRunningAllureTest() {
        SyntheticDrills drills = new SyntheticDrills();
        DrillResult d01 = drills.failedApiServiceDown();
        String title = "API service down " + UUID.randomUUID();
        DrillResult result = new DrillResult(d01.drillId(), title, d01.suites(), d01.runbook(), d01.verdict(),
                d01.reason(), d01.measurements(), d01.objectives(), d01.steps(), d01.startedAt(), d01.finishedAt());
        RunInfo run = SyntheticDrills.run(Path.of("target", "report-test-reports"));

        new AllureReporter().drillFinished(run, result, DrillArtifacts.none());

        reportedTitle = title;
        resultsDirectory = Path.of(PropertiesUtils.loadAllureProperties()
                .getProperty("allure.results.directory", "allure-results"));
    }

    @Test
    @Order(2)
    void allureWroteTheDrillsStepsParametersAndLabelsIntoTheResultsDirectory() throws IOException {
        assertThat(reportedTitle).as("reportsADrillIntoTheRunningAllureTest runs first (method order)").isNotNull();
        assertThat(resultsDirectory).isEqualTo(Path.of("target", "allure-results"));

        JsonNode result = findResultWithFeature(reportedTitle);

        assertThat(result.get("name").asText()).isEqualTo("reportsADrillIntoTheRunningAllureTest()");
        assertThat(result.get("status").asText()).as("the test passed; the drill's failure is the drill's")
                .isEqualTo("passed");
        JsonNode drill = result.get("steps").get(0);
        assertThat(drill.get("name").asText()).isEqualTo("Drill D01 " + reportedTitle + ": failed");
        assertThat(drill.get("status").asText()).isEqualTo("failed");
        assertThat(drill.get("steps").get(0).get("name").asText()).isEqualTo("kill(ledger)");
        assertThat(drill.get("steps").get(0).get("start").asLong())
                .isEqualTo(java.time.Instant.parse("2026-01-01T00:00:02.500Z").toEpochMilli());
        assertThat(drill.get("attachments").get(0).get("name").asText()).isEqualTo("evidence D01");
        Path evidence = resultsDirectory.resolve(drill.get("attachments").get(0).get("source").asText());
        assertThat(JSON.readTree(evidence.toFile()).get("drill").asText()).isEqualTo("D01");

        List<String> parameters = new ArrayList<>();
        result.get("parameters").forEach(p -> parameters.add(p.get("name").asText() + "=" + p.get("value").asText()
                + (p.path("excluded").asBoolean() ? " (excluded)" : "")));
        assertThat(parameters).contains("rto(write)=12345 ms vs ≤ 45000 ms (passed) (excluded)");

        List<String> labels = new ArrayList<>();
        result.get("labels").forEach(l -> labels.add(l.get("name").asText() + "=" + l.get("value").asText()));
        assertThat(labels).contains("epic=D01", "suite=smoke", "suite=regression", "tag=smoke",
                "subSuite=" + AllureResultsFilesTest.class.getName());
    }

    private JsonNode findResultWithFeature(String feature) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(resultsDirectory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f);
            if (text.contains(feature)) {
                JsonNode node = JSON.readTree(text);
                for (JsonNode label : node.get("labels")) {
                    if ("feature".equals(label.get("name").asText()) && feature.equals(label.get("value").asText())) {
                        return node;
                    }
                }
            }
        }
        throw new AssertionError("No Allure result in " + resultsDirectory + " has the feature '" + feature
                + "' among " + files.size() + " result files");
    }
}
