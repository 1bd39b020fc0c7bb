package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup cadence's scale in the exercise record: the measured window scaled back and set against the DR policy. */
class ExerciseReportCadenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCadenceNoteGivesTheStatementAndTheFactor() {
        ExerciseReport.Cadence c = ExerciseReport.Cadence.fromNote("every 20 s standing for 24 h (1:4320); keep 1").orElseThrow();

        assertThat(c.stated()).isEqualTo("every 20 s standing for 24 h (1:4320)");
        assertThat(c.factor()).isEqualTo(4320);
        assertThat(c.scaled(17_000)).isEqualTo(73_440_000);
        assertThat(ExerciseReport.Cadence.fromNote("every 20 s, no scale stated")).isEmpty();
    }

    @Test
    void aScaledSpanIsWrittenInTheUnitASchedulesIsReadIn() {
        assertThat(ExerciseReport.Cadence.approximately(73_440_000)).isEqualTo("20.4 h");
        assertThat(ExerciseReport.Cadence.approximately(35 * 60_000 + 10_000)).isEqualTo("35 min");
    }

    @Test
    void theRecordScalesTheWindowBackAndNamesTheGapToThePolicyAsAFinding(@TempDir Path run) throws Exception {
        Files.createDirectories(run.resolve("D26"));
        Files.writeString(run.resolve("D26/timeline.jsonl"), """
                {"type":"marker","at":"2026-12-08T01:00:00Z","mono_ns":1,"kind":"steady-state-start","detail":""}
                {"type":"note","at":"2026-12-08T01:00:01Z","mono_ns":2,"kind":"backup-cadence","detail":"every 20 s standing for 24 h (1:4320); keep 1"}
                """);
        Files.createDirectories(run.resolve("D09"));
        JsonNode evidence = JSON.readTree("""
                {"run": {"id": "r1", "started_at": "2026-12-08T01:00:00Z"},
                 "drills": [
                   {"drill": "D26", "title": "Nightly backup", "verdict": "passed", "timeline_file": "D26/timeline.jsonl",
                    "rpo_target_ms": 20000, "rpo_window_ms": 17000,
                    "objectives": [{"name": "policy:rpo-window", "target": "<= 900000", "unit": "ms", "measured": "17000",
                                    "passed": true, "source": "policy dr-policy.yml (data-loss)"}]},
                   {"drill": "D09", "title": "Restore", "verdict": "passed", "rpo_target_ms": 20000, "rpo_window_ms": 3000,
                    "objectives": []}]}
                """);

        String html = ExerciseReport.render(evidence, run, Optional.empty());

        assertThat(html).contains("cadence every 20 s standing for 24 h (1:4320): the window stands for 20.4 h, over the policy&#39;s 15 min")
                .contains("no backup cadence in this drill: the window is not scaled")
                .contains("the backup cadence does not meet the DR policy");
        assertThat(html.substring(html.indexOf("Deficiencies found"))).doesNotContain("None: every scenario met every objective.");
    }
}
