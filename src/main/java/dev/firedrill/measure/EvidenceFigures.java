package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.RecoveryMeasurement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The measured figures of one drill under their {@code evidence.json} names (contracts §4):
 * durations in milliseconds, counts as integers, null where not applicable. Targets are not here;
 * they come from the drill's objectives.
 *
 * <p>Example: {@code EvidenceFigures.of(result.measurements(), "write").asEvidenceFields()}.
 */
public record EvidenceFigures(Long rtoMs, Long ttrMs, Long detectionMs, Integer rpoLostWrites, Long rpoWindowMs,
        Integer lostAfterDisruption, Integer discardedAfterDisruption, Integer lostBeforeRecoveryPoint,
        Integer presentAfterTarget, Long unexpected, Long recovered, Long duplicates) {

    /** The figures of {@code path} (the drill's main path, usually "write") and of the ledger, if a writer ran. */
    public static EvidenceFigures of(DrillMeasurements m, String path) {
        Objects.requireNonNull(m, "measurements must not be null");
        RecoveryMeasurement r = m.recoveryByPath().get(path);
        LedgerReport l = m.ledger();
        return new EvidenceFigures(
                r == null ? null : millis(r.rto()),
                r == null ? null : millis(r.ttr()),
                r == null ? null : millis(r.detection()),
                l == null ? null : l.rpoLostWrites(),
                l == null ? null : millis(l.rpoWindow()),
                l == null ? null : l.lostAfterDisruption(),
                l == null ? null : l.discardedAfterDisruption(),
                l == null ? null : l.lostBeforeRecoveryPoint(),
                l == null ? null : l.presentAfterTarget(),
                l == null ? null : l.unexpected(),
                l == null ? null : l.recovered(),
                l == null ? null : l.duplicates());
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    /** The figures keyed by their evidence names ({@code rto_ms}, {@code rpo_lost_writes}, ...), in contract order. */
    public Map<String, Object> asEvidenceFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rto_ms", rtoMs);
        f.put("ttr_ms", ttrMs);
        f.put("detection_ms", detectionMs);
        f.put("rpo_lost_writes", rpoLostWrites);
        f.put("rpo_window_ms", rpoWindowMs);
        f.put("lost_after_disruption", lostAfterDisruption);
        f.put("discarded_after_disruption", discardedAfterDisruption);
        f.put("lost_before_recovery_point", lostBeforeRecoveryPoint);
        f.put("present_after_target", presentAfterTarget);
        f.put("unexpected", unexpected);
        f.put("recovered", recovered);
        f.put("duplicates", duplicates);
        return f;
    }
}
