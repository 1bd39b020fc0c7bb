package dev.firedrill.report.allure;

import dev.firedrill.DrillResult;
import dev.firedrill.report.Chromium;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.SyntheticDrills;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's single-file HTML report, rendered by the real Allure command line (unpacked by the build,
 * {@code -Dfiredrill.allure.home}) and opened from disk in Debian's headless Chromium: the pages
 * Chromium builds with the report's own scripts show every drill id and, on each drill's page, the
 * drill and its steps. Step names carry a token of this test run, so only this run's report can pass.
 * A failed and a passed drill (each page is one Chromium start, seconds on a loaded machine).
 * Needs Chromium: ./drill test installs it when missing; without it this test fails, it is never skipped.
 */
class AllureHtmlReportIT {

    private static final Pattern NODE_NAME = Pattern.compile("<div class=\"node__name\">\\s*([^<]*?)\\s*</div>");
    private static final Pattern STEP_NAME = Pattern.compile("<div class=\"step__name\">\\s*([^<]*?)\\s*</div>");
    private static final Pattern TEST_NAME = Pattern.compile(
            "<div class=\"test-result__name\">\\s*<span[^>]*>\\s*([^<]*?)\\s*</span>");
    private static final Pattern TEST_LINK = Pattern.compile("href=\"(#behaviors/[0-9a-f]+/[0-9a-f]+/)\"");
    private static final Duration SCRIPT_BUDGET = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void reportOpensFromDiskAndShowsEveryDrillWithItsSteps() throws IOException {
        String token = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<String>> stepsByDrill = new LinkedHashMap<>();
        stepsByDrill.put("D01", List.of("kill(ledger) " + token, "restart(ledger) " + token));
        stepsByDrill.put("D02", List.of("down(postgres proxy) " + token, "restore(postgres proxy) " + token));
        Path results = tmp.resolve("allure-results");
        RunInfo run = SyntheticDrills.run(tmp.resolve("reports"));
        OfflineAllureRun allure = new OfflineAllureRun(results, Set.of(SyntheticDrills.PASSWORD));
        int i = 0;
        for (Map.Entry<String, List<String>> d : stepsByDrill.entrySet()) {
            DrillResult result = CatalogueDrills.drill(d.getKey(), "Drill " + d.getKey(), d.getValue(), i++ % 2 == 1);
            allure.drill(run, result, DrillArtifacts.none());
        }
        allure.finish(run);

        new AllureHtmlReporter(() -> java.util.Optional.of(AllureHtml.configured().orElseThrow(() -> new AssertionError(
                "-D" + AllureHtml.HOME_PROPERTY + " is not set: mvn verify sets it to the Allure command line it unpacks"))),
                () -> results).runFinished(run);

        Path report = run.folder().resolve(AllureHtml.REPORT_FILE);
        try (Stream<Path> files = Files.list(run.folder())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("one file, nothing next to it for the page to load").containsExactly(AllureHtml.REPORT_FILE);
        }
        Chromium chromium = Chromium.installed();

        String tree = visible(chromium.dumpDom(URI.create(report.toUri() + "#behaviors"), SCRIPT_BUDGET));
        assertThat(all(NODE_NAME, tree)).as("the behaviours tree (drills by id) as Chromium rendered it")
                .containsAll(stepsByDrill.keySet());
        List<String> links = all(TEST_LINK, tree);
        assertThat(links).as("one page per drill").hasSize(stepsByDrill.size());

        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (String link : links) {
            String page = visible(chromium.dumpDom(URI.create(report.toUri() + link), SCRIPT_BUDGET));
            List<String> title = all(TEST_NAME, page);
            assertThat(title).as("the test case page %s has a title", link).hasSize(1);
            shown.put(title.get(0).substring(0, 3), all(STEP_NAME, page));
        }
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(stepsByDrill.keySet());
        stepsByDrill.forEach((id, steps) -> {
            List<String> expected = new ArrayList<>();
            expected.add("Drill " + id + " Drill " + id + ": " + (shown.get(id).get(0).endsWith("passed") ? "passed" : "failed"));
            expected.addAll(steps);
            assertThat(shown.get(id)).as("the steps shown on %s's page", id).containsExactlyElementsOf(expected);
        });
    }

    /** The DOM without its scripts and styles: what the page shows, not the data it carries. */
    private static String visible(String dom) {
        return dom.replaceAll("(?s)<script\\b.*?</script>", "").replaceAll("(?s)<style\\b.*?</style>", "");
    }

    private static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }
}
