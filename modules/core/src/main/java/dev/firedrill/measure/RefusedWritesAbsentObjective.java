package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;

/**
 * No refused write half-applied: a write every attempt of which failed definitely (an error the service answered, such
 * as a 503 in read-only mode) must not be in the database ({@code failed_but_present} of the ledger report, read back
 * after the drill). A write that timed out is indeterminate and not judged here.
 */
record RefusedWritesAbsentObjective() implements Objective {

    @Override
    public String name() {
        return "refused-writes-absent";
    }

    @Override
    public String describe() {
        return "no write the service refused is in the database";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        LedgerReport r = m.ledger();
        if (r == null) {
            return ObjectiveMessages.notMeasured(name(), "Refused writes present", null, "≤", "0", "0", "writes",
                    "no writer ran, so there is no ledger");
        }
        return ObjectiveMessages.judged(name(), "Refused writes present (failed_but_present)", null, "≤", "0", "0",
                r.failedButPresent() + " of " + r.failed() + " refused", Long.toString(r.failedButPresent()), "writes",
                r.failedButPresent() == 0);
    }
}
