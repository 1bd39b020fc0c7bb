package dev.firedrill.measure;

import dev.firedrill.TimePoint;
import java.util.Objects;

/**
 * One attempt of one operation in the {@link OperationLedger}. A retry of the same id is a new
 * record with the next {@code attempt} number.
 *
 * @param completedAt null while the outcome is {@link Outcome#INVOKED}
 * @param reason      why it failed or is indeterminate; null otherwise
 */
public record OperationRecord(long id, int attempt, Outcome outcome, TimePoint invokedAt, TimePoint completedAt,
        String reason) {

    /** Validates attempt, outcome and times. */
    public OperationRecord {
        if (attempt < 1) {
            throw new IllegalArgumentException("OperationRecord.attempt must be >= 1 (operation " + id + "), was "
                    + attempt);
        }
        Objects.requireNonNull(outcome, "OperationRecord.outcome must not be null (operation " + id + ")");
        Objects.requireNonNull(invokedAt, "OperationRecord.invokedAt must not be null (operation " + id + ")");
        if ((outcome == Outcome.INVOKED) != (completedAt == null)) {
            throw new IllegalArgumentException("OperationRecord " + id + ": completedAt must be null exactly when the "
                    + "outcome is 'invoked', was outcome=" + outcome.id() + ", completedAt=" + completedAt);
        }
    }
}
