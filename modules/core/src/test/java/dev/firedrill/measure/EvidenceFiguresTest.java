package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Timeline;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceFiguresTest {

    @Test
    void namesTheFiguresAsTheEvidenceContractDoes() {
        Map<String, Object> f = EvidenceFigures.of(SlosTest.outage(), "write").asEvidenceFields();
        Map<String, Object> expected = new HashMap<>();
        expected.put("rto_ms", 48_210L);
        expected.put("ttr_ms", 38_210L);
        expected.put("detection_ms", 2_000L);
        expected.put("outage_observed_ms", 48_210L);
        expected.put("failed_ms_total", 48_210L);
        expected.put("failures", 482);
        expected.put("failure_windows", List.of(window("2026-01-01T00:00:01Z", "2026-01-01T00:00:49.210Z", 48_210L, 482)));
        expected.put("acknowledged_before_disruption", 10L);   // the ten writes, all acknowledged before the disruption at +1 s
        expected.put("rpo_lost_writes", 4);
        expected.put("rpo_window_ms", 390L);
        expected.put("lost_after_disruption", 0);
        expected.put("discarded_after_disruption", null);
        expected.put("lost_before_recovery_point", null);
        expected.put("present_after_target", null);
        expected.put("unexpected", 0L);
        expected.put("recovered", 0L);
        expected.put("duplicates", 0L);
        assertThat(f).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(f.keySet()).startsWith("rto_ms", "ttr_ms", "detection_ms", "outage_observed_ms", "failed_ms_total",
                "failures", "failure_windows", "acknowledged_before_disruption", "rpo_lost_writes");
    }

    @Test
    void namesEveryPathsFiguresAndWindowsInTheOrderMeasured() {
        List<Map<String, Object>> paths = EvidenceFigures.paths(SlosTest.outage());

        assertThat(paths).extracting(p -> p.get("path")).containsExactly("write", "read");
        assertThat(paths.get(0)).containsExactly(Map.entry("path", "write"), Map.entry("rto_ms", 48_210L),
                Map.entry("ttr_ms", 38_210L), Map.entry("detection_ms", 2_000L), Map.entry("outage_observed_ms", 48_210L),
                Map.entry("failed_ms_total", 48_210L), Map.entry("failures", 482), Map.entry("failure_windows",
                        List.of(window("2026-01-01T00:00:01Z", "2026-01-01T00:00:49.210Z", 48_210L, 482))));
        assertThat(paths.get(1)).containsEntry("failures", 0).containsEntry("failed_ms_total", 0L)
                .containsEntry("outage_observed_ms", null).containsEntry("failure_windows", List.of());
    }

    private static Map<String, Object> window(String start, String end, Long durationMs, int failures) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", start);
        w.put("end", end);
        w.put("duration_ms", durationMs);
        w.put("failures", failures);
        return w;
    }

    @Test
    void everyFigureIsNullWithoutProbesOrWriter() {
        DrillMeasurements none = DrillMeasurements.empty(new Timeline(new ManualClock()));
        assertThat(EvidenceFigures.of(none, "write").asEvidenceFields().values()).containsOnlyNulls();
    }
}
