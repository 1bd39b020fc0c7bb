package dev.firedrill;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the operation ledger and the read-back say about durability (docs/measurements.md). Counts are of
 * distinct operation ids (a retried id counts once); nullable fields are "not applicable".
 *
 * @param invoked                   distinct ids invoked
 * @param attempts                  invocations including retries of the same id
 * @param acknowledged              ids acknowledged at least once
 * @param failed                    ids whose every attempt failed definitely
 * @param indeterminate             ids never acknowledged with an attempt that timed out, lost its connection or never finished
 * @param lost                      ids acknowledged and absent from the read-back, ascending
 * @param unexpected                distinct ids present but never invoked
 * @param recovered                 indeterminate ids that are present
 * @param duplicates                ids present more than once
 * @param failedButPresent          ids whose every attempt failed definitely and that are present anyway
 * @param rpoLostWrites             lost ids acknowledged before {@code disruption}
 * @param rpoWindow                 {@code disruption} minus the acknowledgement of the earliest of those; zero when none; null without a disruption
 * @param lostAfterDisruption       lost ids acknowledged at or after {@code disruption} (a failure); in restore drills 0,
 *                                  except in point-in-time drills the ids first invoked at or after {@code recovery-finished}
 *                                  (written to the restored server)
 * @param discardedAfterDisruption  in restore drills (D09, D10, D12) the same writes, reported not judged; otherwise null
 * @param lostBeforeRecoveryPoint   ids acknowledged before {@code recovery-point} and absent; null without a recovery point
 * @param presentAfterTarget        point-in-time drills: ids first invoked at or after {@code recovery-point} and present; otherwise null
 * @param inFlightAtRecoveryPoint   ids invoked before {@code recovery-point} and completed after it (or never): listed, not judged
 * @param failedIds                 the {@code failed} ids, ascending; empty when the report was made without ids
 * @param indeterminateIds          the {@code indeterminate} ids, ascending; empty when the report was made without ids
 * @param acknowledgedBeforeDisruption ids acknowledged before {@code disruption}
 * @param writtenSinceRecoveryPoint restore drills with a recovery point: ids first invoked at or after {@code recovery-point}
 *                                  and acknowledged before the restoring step started, so written to the server the restore
 *                                  replaces; otherwise null
 * @param keptSinceRecoveryPoint    of those, the ones present after the restore (0 when the restore put the server back to
 *                                  the recovery point); otherwise null
 */
public record LedgerReport(long invoked, long attempts, long acknowledged, long failed, long indeterminate,
        List<Long> lost, long unexpected, long recovered, long duplicates, long failedButPresent,
        int rpoLostWrites, Duration rpoWindow, int lostAfterDisruption, Integer discardedAfterDisruption,
        Integer lostBeforeRecoveryPoint, Integer presentAfterTarget, List<Long> inFlightAtRecoveryPoint,
        List<Long> failedIds, List<Long> indeterminateIds, long acknowledgedBeforeDisruption,
        Integer writtenSinceRecoveryPoint, Integer keptSinceRecoveryPoint) {

    /** Validates and copies the lists. */
    public LedgerReport {
        lost = List.copyOf(Objects.requireNonNull(lost, "LedgerReport.lost must not be null"));
        inFlightAtRecoveryPoint = List.copyOf(Objects.requireNonNull(inFlightAtRecoveryPoint,
                "LedgerReport.inFlightAtRecoveryPoint must not be null"));
        failedIds = List.copyOf(Objects.requireNonNull(failedIds, "LedgerReport.failedIds must not be null"));
        indeterminateIds = List.copyOf(Objects.requireNonNull(indeterminateIds, "LedgerReport.indeterminateIds must not be null"));
        if (!failedIds.isEmpty() && failedIds.size() != failed || !indeterminateIds.isEmpty() && indeterminateIds.size() != indeterminate) {
            throw new IllegalArgumentException("LedgerReport ids do not match the counts: failed=" + failed + " with "
                    + failedIds.size() + " ids, indeterminate=" + indeterminate + " with " + indeterminateIds.size() + " ids");
        }
        if (invoked < 0 || attempts < invoked || acknowledged + failed + indeterminate != invoked) {
            throw new IllegalArgumentException("LedgerReport counts are inconsistent: invoked=" + invoked
                    + ", attempts=" + attempts + ", acknowledged=" + acknowledged + ", failed=" + failed
                    + ", indeterminate=" + indeterminate);
        }
        if (rpoWindow != null && rpoWindow.isNegative()) {
            throw new IllegalArgumentException("LedgerReport.rpoWindow must not be negative, was " + rpoWindow);
        }
        if (acknowledgedBeforeDisruption < 0 || acknowledgedBeforeDisruption > acknowledged) {
            throw new IllegalArgumentException("LedgerReport.acknowledgedBeforeDisruption must be 0.." + acknowledged + ", was "
                    + acknowledgedBeforeDisruption);
        }
        if ((writtenSinceRecoveryPoint == null) != (keptSinceRecoveryPoint == null) || writtenSinceRecoveryPoint != null
                && (keptSinceRecoveryPoint < 0 || keptSinceRecoveryPoint > writtenSinceRecoveryPoint)) {
            throw new IllegalArgumentException("LedgerReport: kept since the recovery point must be 0.." + writtenSinceRecoveryPoint
                    + " (both or neither given), was " + keptSinceRecoveryPoint);
        }
    }

    /** A report without the writes since the recovery point (not a restore drill). */
    public LedgerReport(long invoked, long attempts, long acknowledged, long failed, long indeterminate,
            List<Long> lost, long unexpected, long recovered, long duplicates, long failedButPresent,
            int rpoLostWrites, Duration rpoWindow, int lostAfterDisruption, Integer discardedAfterDisruption,
            Integer lostBeforeRecoveryPoint, Integer presentAfterTarget, List<Long> inFlightAtRecoveryPoint,
            List<Long> failedIds, List<Long> indeterminateIds, long acknowledgedBeforeDisruption) {
        this(invoked, attempts, acknowledged, failed, indeterminate, lost, unexpected, recovered, duplicates, failedButPresent,
                rpoLostWrites, rpoWindow, lostAfterDisruption, discardedAfterDisruption, lostBeforeRecoveryPoint, presentAfterTarget,
                inFlightAtRecoveryPoint, failedIds, indeterminateIds, acknowledgedBeforeDisruption, null, null);
    }

    /** A report that does not count the writes acknowledged before the disruption (every acknowledged one is counted). */
    public LedgerReport(long invoked, long attempts, long acknowledged, long failed, long indeterminate,
            List<Long> lost, long unexpected, long recovered, long duplicates, long failedButPresent,
            int rpoLostWrites, Duration rpoWindow, int lostAfterDisruption, Integer discardedAfterDisruption,
            Integer lostBeforeRecoveryPoint, Integer presentAfterTarget, List<Long> inFlightAtRecoveryPoint,
            List<Long> failedIds, List<Long> indeterminateIds) {
        this(invoked, attempts, acknowledged, failed, indeterminate, lost, unexpected, recovered, duplicates, failedButPresent,
                rpoLostWrites, rpoWindow, lostAfterDisruption, discardedAfterDisruption, lostBeforeRecoveryPoint, presentAfterTarget,
                inFlightAtRecoveryPoint, failedIds, indeterminateIds, acknowledged);
    }

    /** A report without the ids of failed and indeterminate writes (only their counts). */
    public LedgerReport(long invoked, long attempts, long acknowledged, long failed, long indeterminate,
            List<Long> lost, long unexpected, long recovered, long duplicates, long failedButPresent,
            int rpoLostWrites, Duration rpoWindow, int lostAfterDisruption, Integer discardedAfterDisruption,
            Integer lostBeforeRecoveryPoint, Integer presentAfterTarget, List<Long> inFlightAtRecoveryPoint) {
        this(invoked, attempts, acknowledged, failed, indeterminate, lost, unexpected, recovered, duplicates, failedButPresent,
                rpoLostWrites, rpoWindow, lostAfterDisruption, discardedAfterDisruption, lostBeforeRecoveryPoint,
                presentAfterTarget, inFlightAtRecoveryPoint, List.of(), List.of());
    }

    /** The number of lost acknowledged writes. */
    public int lostCount() {
        return lost.size();
    }
}
