package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.TimePoint;

import java.time.Duration;
import java.util.Optional;

/**
 * RPO window at most the backup's age at the disaster ({@code disruption} − {@code recovery-point})
 * plus {@code slack} (D09: a restore can lose what was written after the backup, and no more).
 */
record BackupAgeRpoObjective(Duration slack) implements Objective {

    BackupAgeRpoObjective {
        Slos.requireBudget(slack, "RPO window slack over the backup age");
    }

    @Override
    public String describe() {
        return "RPO window at most the backup's age plus " + Objectives.words(slack);
    }

    @Override
    public String name() {
        return "rpo-window-within-backup-age";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String what = "RPO window (backup age + " + ObjectiveMessages.millis(slack) + " ms)";
        LedgerReport r = m.ledger();
        Optional<TimePoint> disruption = m.timeline().first(Marker.DISRUPTION);
        Optional<TimePoint> recoveryPoint = m.timeline().first(Marker.RECOVERY_POINT);
        if (r == null || r.rpoWindow() == null || disruption.isEmpty() || recoveryPoint.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), what, null, "≤", "backup age + " + slack,
                    "backup age + " + ObjectiveMessages.millis(slack), "ms",
                    r == null ? "no writer ran, so there is no ledger" : "no disruption or no recovery-point marker");
        }
        Duration age = disruption.get().since(recoveryPoint.get());
        Duration max = age.plus(slack);
        Duration w = r.rpoWindow();
        return ObjectiveMessages.judged(name(), what, null, "≤", max + " (backup age " + age + ")",
                ObjectiveMessages.millis(max), w + " (" + r.rpoLostWrites() + " writes)", ObjectiveMessages.millis(w), "ms",
                w.compareTo(max) <= 0);
    }
}
