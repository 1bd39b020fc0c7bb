package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Timeline;
import java.util.HashMap;
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
        assertThat(f.keySet()).startsWith("rto_ms", "ttr_ms", "detection_ms");
    }

    @Test
    void everyFigureIsNullWithoutProbesOrWriter() {
        DrillMeasurements none = DrillMeasurements.empty(new Timeline(new ManualClock()));
        assertThat(EvidenceFigures.of(none, "write").asEvidenceFields().values()).containsOnlyNulls();
    }
}
