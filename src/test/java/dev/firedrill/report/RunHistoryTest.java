package dev.firedrill.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two runs make a trend: the history file only grows, and the chart has a point per run. */
class RunHistoryTest {

    @Test
    void twoRunsAppendTwoLinesAndDrawTwoPoints(@TempDir Path dir) throws Exception {
        SyntheticDrills drills = new SyntheticDrills();
        RunInfo run = SyntheticDrills.run(dir.resolve("reports"));
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.drillFinished(run, drills.failedApiServiceDown(), DrillArtifacts.none());
        evidence.runFinished(run);
        RunHistory history = new RunHistory();

        history.runFinished(run);
        RunInfo second = new RunInfo("20260102-000000-test", run.startedAt(), dir.resolve("reports/20260102-000000-test"),
                run.commit(), run.host(), run.engine(), Map.of());
        Files.createDirectories(second.folder());
        Files.writeString(second.folder().resolve("evidence.json"), Files.readString(run.folder().resolve("evidence.json"))
                .replace(SyntheticDrills.RUN_ID, second.id()));
        String before = Files.readString(dir.resolve("reports/history/rto-rpo.jsonl"));
        history.runFinished(second);

        String after = Files.readString(dir.resolve("reports/history/rto-rpo.jsonl"));
        assertThat(after).startsWith(before);
        assertThat(after.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"drill\":\"D01\"").contains("\"rto_ms\":12345")
                .contains("\"rpo_lost_writes\":2"));
        String svg = Files.readString(dir.resolve("reports/history/rto-trend.svg"));
        assertThat(svg).contains("(2 runs)").contains("#1").contains("#2");
        assertThat(svg.split("<circle", -1)).hasSize(3);
    }
}
