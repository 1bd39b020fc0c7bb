package dev.firedrill.report;

import dev.firedrill.DrillResult;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG charts: well-formed, the outage and recovery shaded where the markers are, the ledger's counts right. */
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

    @Test
    void theTimelineShadesTheOutageFromDisruptionToRecoveryStartedAndNamesEveryPath() throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();

        Document svg = parse(DrillCharts.timeline(d01));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(texts(svg)).contains("write", "outage", "recovery", "disruption", "recovery-started", "recovered");
        NodeList rects = svg.getElementsByTagName("rect");
        List<Element> outage = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("fill").equals("#f4b6bc") && Double.parseDouble(r.getAttribute("height")) > 100) {
                outage.add(r);
            }
        }
        // Two panels; the drill spans 20.445 s on 820 px from x=60: disruption at +3 s, recovery-started at +13 s.
        assertThat(outage).hasSize(2).allSatisfy(r -> {
            assertThat(Double.parseDouble(r.getAttribute("x"))).isCloseTo(60 + 820 * 3 / 20.445, org.assertj.core.data.Offset.offset(1.0));
            assertThat(Double.parseDouble(r.getAttribute("width"))).isCloseTo(820 * 10 / 20.445, org.assertj.core.data.Offset.offset(1.0));
        });
    }

    @Test
    void theLedgerChartCountsAcknowledgedIndeterminateAndLostWrites(@TempDir Path dir) throws Exception {
        DrillResult d01 = drills.failedApiServiceDown();
        Path ledger = drills.writeLedger(dir.resolve("ledger.jsonl"));

        Document svg = parse(DrillCharts.ledger(d01, ledger).orElseThrow());

        assertThat(texts(svg)).contains("acknowledged 11", "indeterminate 1 (1 of them present after all)", "lost 2");
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
