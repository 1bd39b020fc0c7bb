package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import java.time.Duration;

/** Objectives judged on the ledger report: lost writes, RPO window, recovery-point judgements. */
record LedgerObjective(Kind kind, String name, long maxWrites, Duration maxWindow) implements Objective {

    enum Kind { LOST_WRITES, RPO_WINDOW, LOST_BEFORE_RECOVERY_POINT, PRESENT_AFTER_TARGET, LOST_AFTER_DISRUPTION, LOST_EXACTLY_SINCE_RECOVERY_POINT }

    LedgerObjective {
        if (maxWrites < 0) {
            throw new IllegalArgumentException("Objective '" + name + "': the number of lost writes allowed must not "
                    + "be negative, was " + maxWrites);
        }
        if (kind == Kind.RPO_WINDOW) {
            Slos.requireBudget(maxWindow, "RPO window");
        }
    }

    @Override
    public String describe() {
        return switch (kind) {
            case LOST_WRITES -> maxWrites == 0 ? "no acknowledged write lost" : "at most " + maxWrites + " acknowledged writes lost before the disruption";
            case RPO_WINDOW -> "RPO window (disruption minus the earliest lost write's acknowledgement) at most " + Objectives.words(maxWindow);
            case LOST_BEFORE_RECOVERY_POINT -> "no write acknowledged before the recovery point missing";
            case PRESENT_AFTER_TARGET -> "no write invoked after the recovery target present";
            case LOST_AFTER_DISRUPTION -> "no write acknowledged after the disruption lost";
            case LOST_EXACTLY_SINCE_RECOVERY_POINT -> "the writes lost are exactly those acknowledged since the recovery point:"
                    + " every one written to the server the restore replaced is gone, none before the recovery point nor after the restore";
        };
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        LedgerReport r = m.ledger();
        return switch (kind) {
            case LOST_WRITES -> lostWrites(r);
            case RPO_WINDOW -> rpoWindow(r);
            case LOST_BEFORE_RECOVERY_POINT -> zero(r, "Acknowledged writes lost before the recovery point",
                    r == null ? null : r.lostBeforeRecoveryPoint(), "no recovery-point marker");
            case PRESENT_AFTER_TARGET -> zero(r, "Writes present that were invoked after the recovery target",
                    r == null ? null : r.presentAfterTarget(), "not a point-in-time recovery or no recovery-point marker");
            case LOST_AFTER_DISRUPTION -> zero(r, "Acknowledged writes lost after the disruption (lost_after_disruption)",
                    r == null ? null : r.lostAfterDisruption(), "no ledger");
            case LOST_EXACTLY_SINCE_RECOVERY_POINT -> lostExactly(r);
        };
    }

    private ObjectiveResult lostWrites(LedgerReport r) {
        String what = maxWrites == 0 ? "Lost acknowledged writes" : "Lost acknowledged writes (rpo_lost_writes)";
        if (r == null) {
            return ObjectiveMessages.notMeasured(name, what, null, "≤", Long.toString(maxWrites),
                    Long.toString(maxWrites), "writes", "no writer ran, so there is no ledger");
        }
        // Writes lost after the disruption are always a failure (docs/measurements.md); discarded ones are judged elsewhere.
        long measured = maxWrites == 0 ? (long) r.rpoLostWrites() + r.lostAfterDisruption() : r.rpoLostWrites();
        boolean passed = measured <= maxWrites && r.lostAfterDisruption() == 0;
        String text = measured + " (rpo_lost_writes " + r.rpoLostWrites() + ", lost_after_disruption "
                + r.lostAfterDisruption() + (r.lostAfterDisruption() > 0 ? ", which must be 0" : "")
                + firstLost(r) + ")";
        return ObjectiveMessages.judged(name, what, null, "≤", Long.toString(maxWrites), Long.toString(maxWrites),
                text, Long.toString(measured), "writes", passed);
    }

    /**
     * The RPO of a restore counted write by write (D20): the lost writes are the acknowledged writes since the recovery
     * point, all of them and nothing else. Measured: how many writes the restore took back; missed when one of them is
     * still there (the restore did not put the server back to the recovery point), or a write is lost from before the
     * recovery point or after the restore.
     */
    private ObjectiveResult lostExactly(LedgerReport r) {
        String what = "Writes lost by the restore";
        if (r == null || r.writtenSinceRecoveryPoint() == null) {
            return ObjectiveMessages.notMeasured(name, what, null, "=", "the writes since the recovery point", "", "writes",
                    r == null ? "no writer ran, so there is no ledger" : "not a restore drill with recovery-point and recovery-started markers");
        }
        int written = r.writtenSinceRecoveryPoint();
        int kept = r.keptSinceRecoveryPoint();
        int before = r.lostBeforeRecoveryPoint() == null ? 0 : r.lostBeforeRecoveryPoint();
        int after = r.lostAfterDisruption();
        int lostOfThem = written - kept;
        boolean passed = kept == 0 && before == 0 && after == 0;
        String text = lostOfThem + " of the " + written + " acknowledged since the recovery point"
                + (kept > 0 ? " (" + kept + " still present, which must be 0)" : "")
                + "; " + before + " lost from before it, " + after + " lost after the restore"
                + (r.inFlightAtRecoveryPoint().isEmpty() ? "" : "; " + r.inFlightAtRecoveryPoint().size() + " in flight at the recovery point, not judged");
        return ObjectiveMessages.judged(name, what, null, "=", "the " + written + " since the recovery point, none else",
                Integer.toString(written), text, Integer.toString(lostOfThem), "writes", passed);
    }

    private static String firstLost(LedgerReport r) {
        if (r.lost().isEmpty()) {
            return "";
        }
        int shown = Math.min(5, r.lost().size());
        return "; lost ids " + r.lost().subList(0, shown) + (r.lost().size() > shown ? "..." : "");
    }

    private ObjectiveResult rpoWindow(LedgerReport r) {
        String what = "RPO window";
        String target = ObjectiveMessages.millis(maxWindow);
        if (r == null || r.rpoWindow() == null) {
            return ObjectiveMessages.notMeasured(name, what, null, "≤", maxWindow.toString(), target, "ms",
                    r == null ? "no writer ran, so there is no ledger" : "no disruption marker");
        }
        Duration w = r.rpoWindow();
        return ObjectiveMessages.judged(name, what, null, "≤", maxWindow.toString(), target,
                w + " (" + r.rpoLostWrites() + " writes)", ObjectiveMessages.millis(w), "ms",
                w.compareTo(maxWindow) <= 0);
    }

    private ObjectiveResult zero(LedgerReport r, String what, Integer measured, String whyNotApplicable) {
        if (r == null || measured == null) {
            return ObjectiveMessages.notMeasured(name, what, null, "≤", "0", "0", "writes",
                    r == null ? "no writer ran, so there is no ledger" : whyNotApplicable);
        }
        return ObjectiveMessages.judged(name, what, null, "≤", "0", "0", measured.toString(), measured.toString(),
                "writes", measured == 0);
    }
}
