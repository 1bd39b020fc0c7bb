package dev.firedrill.report.allure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the HTML renderer takes from a shared results directory, and how it is configured. */
class AllureHtmlTest {

    @TempDir
    Path tmp;

    @Test
    void takesOnlyTheResultsWrittenSinceTheRunStartedAndAlwaysTheRunFiles() throws IOException {
        Path from = Files.createDirectories(tmp.resolve("allure-results"));
        Instant runStart = Instant.parse("2026-12-04T10:00:00Z");
        write(from, "old-result.json", runStart.minus(Duration.ofHours(1)));
        write(from, "old-attachment.txt", runStart.minus(Duration.ofMinutes(5)));
        write(from, "new-result.json", runStart.plusSeconds(30));
        write(from, "new-container.json", runStart.plusSeconds(31));
        write(from, "new-attachment.svg", runStart.plusSeconds(29));
        write(from, AllureRunFiles.CATEGORIES_FILE, runStart.minus(Duration.ofDays(1)));
        write(from, AllureRunFiles.EXECUTOR_FILE, runStart.minus(Duration.ofDays(1)));
        Path to = Files.createDirectories(tmp.resolve("copy"));

        int tests = AllureHtml.copyResults(from, runStart, to, Set.of());

        assertThat(tests).isEqualTo(1);
        try (Stream<Path> files = Files.list(to)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "new-result.json", "new-container.json", "new-attachment.svg",
                    AllureRunFiles.CATEGORIES_FILE, AllureRunFiles.EXECUTOR_FILE);
        }
    }

    @Test
    void withoutASinceItTakesEverything() throws IOException {
        Path from = Files.createDirectories(tmp.resolve("allure-results"));
        write(from, "a-result.json", Instant.parse("2001-01-01T00:00:00Z"));
        write(from, "b-result.json", Instant.now());

        assertThat(AllureHtml.copyResults(from, null, Files.createDirectories(tmp.resolve("copy")), Set.of())).isEqualTo(2);
    }

    @Test
    void secretsAreMaskedInEveryTextFileWhoeverWroteIt() throws IOException {
        Path from = Files.createDirectories(tmp.resolve("allure-results"));
        String secret = "pa\"ss\\word-42";
        // Allure's JUnit listener writes a failure message as it is, JSON-escaped.
        Files.writeString(from.resolve("x-result.json"), "{\"statusDetails\":{\"message\":\"the key was "
                + secret.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
        Files.writeString(from.resolve("y-attachment.txt"), "LEDGER_DB_PASSWORD=" + secret);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Files.write(from.resolve("z-attachment.png"), png);
        Path to = Files.createDirectories(tmp.resolve("copy"));

        AllureHtml.copyResults(from, null, to, Set.of(secret));

        assertThat(Files.readString(to.resolve("x-result.json"))).doesNotContain("word-42").contains("the key was ****");
        assertThat(Files.readString(to.resolve("y-attachment.txt"))).isEqualTo("LEDGER_DB_PASSWORD=****");
        assertThat(Files.readAllBytes(to.resolve("z-attachment.png"))).isEqualTo(png);
    }

    @Test
    void noCommandLineConfiguredMeansNoRenderer() {
        assertThat(AllureHtml.configured(new Properties(), Map.of())).isEmpty();
    }

    @Test
    void aFolderThatIsNoAllureCommandLineIsRejectedByName() throws IOException {
        Path notAllure = Files.createDirectories(tmp.resolve("not-allure/lib"));
        Properties p = new Properties();
        p.setProperty(AllureHtml.HOME_PROPERTY, notAllure.getParent().toString());

        assertThatThrownBy(() -> AllureHtml.configured(p, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notAllure.getParent().toString())
                .hasMessageContaining("lib/allure-commandline-*.jar");
    }

    @Test
    void theEnvironmentVariableIsUsedWhenThePropertyIsNotSet() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("allure-9.9/lib"));
        Files.writeString(home.resolve("allure-commandline-9.9.jar"), "");

        assertThat(AllureHtml.configured(new Properties(), Map.of(AllureHtml.HOME_VARIABLE, home.getParent().toString())))
                .isPresent();
    }

    @Test
    void anEmptyResultsDirectoryIsAClearError() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("allure-9.9/lib"));
        Files.writeString(home.resolve("allure-commandline-9.9.jar"), "");
        Path results = Files.createDirectories(tmp.resolve("results"));
        AllureHtml html = new AllureHtml(home.getParent(), Duration.ofSeconds(10));

        assertThatThrownBy(() -> html.render(results, null, tmp.resolve("out/report.html")))
                .hasMessageContaining("No Allure test results in '" + results + "'");
        assertThat(tmp.resolve("out/report.html")).doesNotExist();
    }

    private static void write(Path dir, String name, Instant modified) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "{}");
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }
}
