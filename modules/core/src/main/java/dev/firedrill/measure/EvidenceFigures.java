package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.FailureWindow;
import dev.firedrill.LedgerReport;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.TimePoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The measured figures of one drill under their {@code evidence.json} names ({@code docs/evidence.md}):
 * durations in milliseconds, counts as integers, times in UTC ISO-8601, null where not applicable. Targets
 * are not here; they come from the drill's objectives.
 *
 * <p>Example: {@code EvidenceFigures.of(result.measurements(), "write").asEvidenceFields()}.
 *
 * @param failureWindows the path's failure windows as evidence records ({@link #window}); null when the path
 *                       was not measured
 */
public record EvidenceFigures(Long rtoMs, Long ttrMs, Long detectionMs, Long outageObservedMs, Long failedMsTotal,
        Integer failures, List<Map<String, Object>> failureWindows, Integer rpoLostWrites, Long rpoWindowMs,
        Integer lostAfterDisruption, Integer discardedAfterDisruption, Integer lostBeforeRecoveryPoint,
        Integer presentAfterTarget, Long unexpected, Long recovered, Long duplicates, Long acknowledgedBeforeDisruption) {

    /** The figures of {@code path} (the drill's main path, usually "write") and of the ledger, if a writer ran. */
    public static EvidenceFigures of(DrillMeasurements m, String path) {
        Objects.requireNonNull(m, "measurements must not be null");
        return of(m.recoveryByPath().get(path), m.ledger());
    }

    /** The figures of {@code r} (null: no path measured) and of {@code l} (null: no writer ran). */
    public static EvidenceFigures of(RecoveryMeasurement r, LedgerReport l) {
        return new EvidenceFigures(
                r == null ? null : millis(r.rto()),
                r == null ? null : millis(r.ttr()),
                r == null ? null : millis(r.detection()),
                r == null ? null : millis(r.outageObserved()),
                r == null ? null : millis(r.failedTotal()),
                r == null ? null : r.failures(),
                r == null ? null : r.windows().stream().map(EvidenceFigures::window).toList(),
                l == null ? null : l.rpoLostWrites(),
                l == null ? null : millis(l.rpoWindow()),
                l == null ? null : l.lostAfterDisruption(),
                l == null ? null : l.discardedAfterDisruption(),
                l == null ? null : l.lostBeforeRecoveryPoint(),
                l == null ? null : l.presentAfterTarget(),
                l == null ? null : l.unexpected(),
                l == null ? null : l.recovered(),
                l == null ? null : l.duplicates(),
                l == null ? null : l.acknowledgedBeforeDisruption());
    }

    /**
     * One entry of a drill's {@code paths} per probed path, in the order measured: {@code path}, {@code rto_ms},
     * {@code ttr_ms}, {@code detection_ms}, {@code outage_observed_ms}, {@code failed_ms_total}, {@code failures},
     * {@code failure_windows}.
     */
    public static List<Map<String, Object>> paths(DrillMeasurements m) {
        Objects.requireNonNull(m, "measurements must not be null");
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecoveryMeasurement r : m.recoveryByPath().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("path", r.path());
            of(r, null).putRecovery(p);
            out.add(p);
        }
        return out;
    }

    /** A failure window as evidence: {@code start}, {@code end} (null when never closed), {@code duration_ms}, {@code failures}. */
    public static Map<String, Object> window(FailureWindow w) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("start", iso(w.start()));
        f.put("end", iso(w.end()));
        f.put("duration_ms", millis(w.duration()));
        f.put("failures", w.failures());
        return f;
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static String iso(TimePoint t) {
        return t == null ? null : t.wall().toString();
    }

    /** The figures keyed by their evidence names ({@code rto_ms}, {@code rpo_lost_writes}, ...), in evidence order. */
    public Map<String, Object> asEvidenceFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        putRecovery(f);
        f.put("acknowledged_before_disruption", acknowledgedBeforeDisruption);
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

    private void putRecovery(Map<String, Object> f) {
        f.put("rto_ms", rtoMs);
        f.put("ttr_ms", ttrMs);
        f.put("detection_ms", detectionMs);
        f.put("outage_observed_ms", outageObservedMs);
        f.put("failed_ms_total", failedMsTotal);
        f.put("failures", failures);
        f.put("failure_windows", failureWindows);
    }
}
