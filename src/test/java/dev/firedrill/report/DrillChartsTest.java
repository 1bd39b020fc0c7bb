package dev.firedrill.report;

import dev.firedrill.DrillResult;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The SVG charts: well-formed, the outage shaded over the failure windows, the ledger's counts right. */
class DrillChartsTest {

    private final SyntheticDrills drills = new SyntheticDrills();

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList n = d.getElementsByTagName("text");
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    /** The outage bands (red, taller than a legend swatch), in the order drawn. */
    private static List<Element> outageBands(Document svg) {
        return bands(svg, "#f4b6bc");
    }

    /** The bands of {@code fill} taller than a legend swatch, in the order drawn. */
    private static List<Element> bands(Document svg, String fill) {
        NodeList rects = svg.getElementsByTagName("rect");
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("fill").equals(fill) && Double.parseDouble(r.getAttribute("height")) > 100) {
                found.add(r);
            }
        }
        return found;
    }

    /** Where a band over {@code fromSeconds}..{@code toSeconds} lies on a chart of {@code spanSeconds}: 820 px from x=60. */
    private static void assertBand(Element band, double fromSeconds, double toSeconds, double spanSeconds) {
        assertThat(Double.parseDouble(band.getAttribute("x"))).as("x").isCloseTo(60 + 820 * fromSeconds / spanSeconds, offset(0.1));
        assertThat(Double.parseDouble(band.getAttribute("width"))).as("width")
                .isCloseTo(820 * (toSeconds - fromSeconds) / spanSeconds, offset(0.15));
    }

    /** The alert watch's notes: one lane per alert, pending and firing as bars, each delivery a dot, and the legend. */
    @Test
    void theTimelineDrawsALaneForEachAlertTheWatchSaw() throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();
        dev.firedrill.Timeline t = d01.measurements().timeline();
        TimePoint disruption = t.first(Marker.DISRUPTION).orElseThrow();
        java.util.function.BiConsumer<Integer, String> note = (ms, detail) -> t.note(dev.firedrill.monitoring.AlertEvent.KIND, detail,
                disruption.plus(Duration.ofMillis(ms)));
        t.note(dev.firedrill.monitoring.AlertHistory.WATCH, "rules sped up 12x");
        note.accept(1_000, "prometheus: APIDown{job=\"ledger\"} pending");
        note.accept(6_000, "prometheus: APIDown{job=\"ledger\"} firing");
        note.accept(7_000, "delivered: APIDown{job=\"ledger\"} firing");
        note.accept(13_000, "prometheus: APIDown{job=\"ledger\"} resolved");
        note.accept(13_500, "delivered: APIDown{job=\"ledger\"} resolved");

        Document svg = parse(DrillCharts.timeline(d01));

        assertThat(texts(svg)).contains("APIDown{job=\"ledger\"}", "alert pending", "alert firing", "delivered");
        NodeList circles = svg.getElementsByTagName("circle");
        List<String> fills = new ArrayList<>();
        for (int i = 0; i < circles.getLength(); i++) {
            fills.add(((Element) circles.item(i)).getAttribute("fill"));
        }
        assertThat(fills).as("a red dot for the firing delivered, a green one for the resolution, and the legend's")
                .containsExactlyInAnyOrder("#d62728", "#2ca02c", "#333");
        NodeList rects = svg.getElementsByTagName("rect");
        long bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("height").equals("11") && (r.getAttribute("fill").equals("#ffbf00") || r.getAttribute("fill").equals("#d62728"))) {
                bars++;
            }
        }
        assertThat(bars).as("one pending bar, one firing bar").isEqualTo(2);
    }

    @Test
    void theTimelineShadesTheOutageOverTheFailureWindowAndNamesEveryPath() throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();

        Document svg = parse(DrillCharts.timeline(d01));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(texts(svg)).contains("write", "outage", "recovery", "disruption", "recovery-started", "recovered");
        // Two panels; the drill spans 20.445 s: the write path failed from +3.1 s to +15.345 s.
        assertThat(outageBands(svg)).hasSize(2).allSatisfy(r -> assertBand(r, 3.1, 15.345, 20.445));
    }

    @Test
    void theTimelineShadesEachOfTwoFailureWindowsAsMeasuredAndDrawsTheFaultVerifiedMarker() throws Exception {
        DrillResult d11 = drills.failoverWithTwoOutages();
        long origin = d11.measurements().timeline().startedAt().monotonicNanos();
        List<dev.firedrill.FailureWindow> windows = d11.measurements().recoveryByPath().get("write").windows();

        Document svg = parse(DrillCharts.timeline(d11));

        assertThat(windows).hasSize(2);
        // Two panels of two bands each; the drill spans 9.1 s; the read path never failed, so it adds none.
        List<Element> bands = outageBands(svg);
        assertThat(bands).hasSize(4);
        for (int panel = 0; panel < 2; panel++) {
            for (int i = 0; i < 2; i++) {
                dev.firedrill.FailureWindow w = windows.get(i);
                assertBand(bands.get(panel * 2 + i), (w.start().monotonicNanos() - origin) / 1e9,
                        (w.end().monotonicNanos() - origin) / 1e9, 9.1);
            }
        }
        assertBand(bands.get(0), 2.0, 3.01, 9.1);
        assertBand(bands.get(1), 5.0, 6.41, 9.1);
        assertThat(texts(svg)).contains("disruption", "fault-verified", "recovery-started", "recovered");
        assertThat(bands(svg, "#ffe08a")).as("the recovery, see-through over the second window").hasSize(2)
                .allSatisfy(r -> assertBand(r, 2.5, 6.81, 9.1));
    }

    @Test
    void aWindowThatNeverClosedIsShadedToTheEndOfTheChart() throws Exception {
        DrillResult d11 = drills.failoverWithTwoOutages();
        var write = d11.measurements().recoveryByPath().get("write");
        var down = dev.firedrill.RecoveryMeasurement.neverRecovered("write", write.detection(), write.firstFailure(),
                List.of(new dev.firedrill.FailureWindow(write.windows().get(1).start(), null, 40)));
        DrillResult stillDown = new DrillResult("D11", d11.title(), d11.suites(), null, dev.firedrill.Verdict.FAILED, null,
                new dev.firedrill.DrillMeasurements(java.util.Map.of("write", down), null, java.util.Map.of(),
                        d11.measurements().timeline()), List.of(), List.of(), d11.startedAt(), d11.finishedAt());

        assertThat(outageBands(parse(DrillCharts.timeline(stillDown)))).hasSize(2)
                .allSatisfy(r -> assertBand(r, 5.0, 9.1, 9.1));
    }

    @Test
    void theLedgerChartCountsAcknowledgedIndeterminateAndLostWrites(@TempDir Path dir) throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();
        Path ledger = drills.writeLedger(dir.resolve("ledger.jsonl"));

        Document svg = parse(DrillCharts.ledger(d01, ledger).orElseThrow());

        assertThat(texts(svg)).contains("acknowledged 11", "indeterminate 1 (1 of them present after all)", "lost 2");
        assertThat(outageBands(svg)).singleElement().satisfies(r -> assertBand(r, 3.1, 15.345, 20.445));
        assertThat(DrillCharts.ledger(d01, dir.resolve("absent.jsonl"))).isEmpty();
    }

    @Test
    void writtenChartsAreMaskedAndEscaped(@TempDir Path dir) throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();
        DrillResult odd = new DrillResult(d01.drillId(), "API <down> & " + SyntheticDrills.PASSWORD, d01.suites(),
                d01.runbook(), d01.verdict(), d01.reason(), d01.measurements(), d01.objectives(), d01.steps(),
                d01.startedAt(), d01.finishedAt());
        RunInfo run = SyntheticDrills.run(dir);

        List<Path> files = DrillCharts.writeFor(run, odd, drills.writeLedger(dir.resolve("l.jsonl")), Set.of(SyntheticDrills.PASSWORD));

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("timeline.svg", "ledger.svg");
        for (Path f : files) {
            String text = Files.readString(f);
            assertThat(text).doesNotContain(SyntheticDrills.PASSWORD).contains("API &lt;down&gt; &amp; ****");
            parse(text);
        }
    }
}
