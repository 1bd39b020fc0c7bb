package dev.firedrill.measure;

import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The pure computation of durability from the ledger and the read-back (docs/measurements.md): lost,
 * unexpected, recovered, duplicates, the RPO in writes and as a time window, and the recovery-point
 * judgements. Every comparison of times uses monotonic time.
 *
 * <p>Example: {@code LedgerReport r = LedgerAnalysis.of(disruption).analyse(ledger.records(), readBack);}
 * — for a point-in-time drill: {@code LedgerAnalysis.pointInTime(disruption, recoveryPoint)}.
 *
 * @param disruption    the {@code disruption} marker; null when the drill has none (every lost write then counts
 *                      in {@code rpo_lost_writes} and the window is null)
 * @param recoveryPoint the {@code recovery-point} marker, or null
 * @param mode          whether the drill restores to a point before the disruption
 * @param recoveryStarted  the {@code recovery-started} marker, or null: in a restore drill the writes first invoked
 *                         between the recovery point and it went to the server the restore replaces (counted as
 *                         written since the recovery point; in a point-in-time drill they must be absent,
 *                         {@code present_after_target})
 * @param recoveryFinished the {@code recovery-finished} marker, or null: in a restore drill writes first invoked
 *                         at or after it went to the restored server and are judged as in any drill (a lost one is
 *                         {@code lost_after_disruption}, a failure), never discarded
 * @param restoreStarted   when the recovery step that restores into a server started (the step before the timeline's
 *                         {@code restore-target} note), or null: a write acknowledged before it was written to the server
 *                         the restore replaces, however long after {@code recovery-started} (a service still draining
 *                         its requests while it stops acknowledges some); without it, {@code recovery-started} stands in
 */
public record LedgerAnalysis(TimePoint disruption, TimePoint recoveryPoint, RestoreMode mode,
        TimePoint recoveryStarted, TimePoint recoveryFinished, TimePoint restoreStarted) {

    /** Whether the drill restores to an earlier point, which changes how writes after the disruption are judged. */
    public enum RestoreMode {
        /** The data should survive: a write lost after the disruption is a failure. */
        NONE,
        /**
         * Restores a backup or snapshot (D09, D12, D20): writes lost after the disruption are discarded, reported only,
         * except those first invoked once the recovery finished (written to the restored server).
         */
        BACKUP,
        /** Point-in-time recovery (D10): as BACKUP, and writes invoked after the recovery point must be absent. */
        POINT_IN_TIME
    }

    /** Validates the mode. */
    public LedgerAnalysis {
        Objects.requireNonNull(mode, "LedgerAnalysis.mode must not be null");
    }

    /** Without recovery markers: every write after the recovery point is judged as if the recovery never started. */
    public LedgerAnalysis(TimePoint disruption, TimePoint recoveryPoint, RestoreMode mode) {
        this(disruption, recoveryPoint, mode, null, null, null);
    }

    /** Without the instant the restoring step started ({@code recovery-started} stands in). */
    public LedgerAnalysis(TimePoint disruption, TimePoint recoveryPoint, RestoreMode mode, TimePoint recoveryStarted,
            TimePoint recoveryFinished) {
        this(disruption, recoveryPoint, mode, recoveryStarted, recoveryFinished, null);
    }

    /** This analysis knowing when the recovery procedure started and finished (point-in-time drills, D10). */
    public LedgerAnalysis withRecovery(TimePoint started, TimePoint finished) {
        return new LedgerAnalysis(disruption, recoveryPoint, mode, started, finished, restoreStarted);
    }

    /** This analysis knowing when the step that restores into a server started. */
    public LedgerAnalysis withRestoreStarted(TimePoint started) {
        return new LedgerAnalysis(disruption, recoveryPoint, mode, recoveryStarted, recoveryFinished, started);
    }

    /** A drill in which the data should survive. */
    public static LedgerAnalysis of(TimePoint disruption) {
        return new LedgerAnalysis(disruption, null, RestoreMode.NONE);
    }

    /** A drill that restores a backup taken at {@code recoveryPoint} (D09, D12). */
    public static LedgerAnalysis restoringBackup(TimePoint disruption, TimePoint recoveryPoint) {
        return new LedgerAnalysis(disruption, recoveryPoint, RestoreMode.BACKUP);
    }

    /** A drill that recovers to the point in time {@code recoveryPoint} (D10). */
    public static LedgerAnalysis pointInTime(TimePoint disruption, TimePoint recoveryPoint) {
        return new LedgerAnalysis(disruption, recoveryPoint, RestoreMode.POINT_IN_TIME);
    }

    /** The analysis with disruption and recovery point read from the timeline's markers. */
    public static LedgerAnalysis fromTimeline(Timeline timeline, RestoreMode mode) {
        return new LedgerAnalysis(timeline.first(Marker.DISRUPTION).orElse(null),
                timeline.first(Marker.RECOVERY_POINT).orElse(null), mode,
                timeline.first(Marker.RECOVERY_STARTED).orElse(null), timeline.first(Marker.RECOVERY_FINISHED).orElse(null),
                restoreStarted(timeline.events()));
    }

    /** When the step that restored into a server started: the last step started before the first {@code restore-target} note. */
    static TimePoint restoreStarted(List<dev.firedrill.TimelineEvent> events) {
        TimePoint stepStarted = null;
        for (dev.firedrill.TimelineEvent e : events) {
            if (STEP_STARTED.equals(e.kind())) {
                stepStarted = e.at();
            } else if (dev.firedrill.Recovery.RestoreTarget.NOTE.equals(e.kind())) {
                return stepStarted;
            }
        }
        return null;
    }

    /** The runner's note as a step starts. */
    private static final String STEP_STARTED = "step-started";

    private static final byte ACK = 1;
    private static final byte INDETERMINATE = 2;
    private static final byte FAILED = 4;

    /** Judges the operations against what was read back. */
    public LedgerReport analyse(List<OperationRecord> records, ReadBack readBack) {
        Objects.requireNonNull(records, "records must not be null");
        int n = records.size();
        Rows rows = new Rows(n);
        for (int i = 0; i < n; i++) {
            OperationRecord r = records.get(i);
            rows.ids[i] = r.id();
            rows.outcomes[i] = (byte) r.outcome().ordinal();
            rows.invokedMono[i] = r.invokedAt().monotonicNanos();
            rows.completedMono[i] = r.completedAt() == null ? 0 : r.completedAt().monotonicNanos();
        }
        return analyse(rows, readBack);
    }

    /** Judges every operation of {@code ledger} (a snapshot taken now) against what was read back. */
    public LedgerReport analyse(OperationLedger ledger, ReadBack readBack) {
        Objects.requireNonNull(ledger, "ledger must not be null");
        return analyse(ledger.rows(), readBack);
    }

    /** Column snapshot of ledger rows: what the analysis needs, without an object per row. */
    static final class Rows {
        final int size;
        final long[] ids;
        final byte[] outcomes; // Outcome ordinals
        final long[] invokedMono;
        final long[] completedMono; // meaningless while the outcome is INVOKED

        Rows(int size) {
            this(size, new long[size], new byte[size], new long[size], new long[size]);
        }

        Rows(int size, long[] ids, byte[] outcomes, long[] invokedMono, long[] completedMono) {
            this.size = size;
            this.ids = ids;
            this.outcomes = outcomes;
            this.invokedMono = invokedMono;
            this.completedMono = completedMono;
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    private LedgerReport analyse(Rows rows, ReadBack readBack) {
        Objects.requireNonNull(readBack, "readBack must not be null");
        int n = rows.size;

        // Distinct ids, sorted; every attempt maps to its id's slot.
        long[] rowIds = rows.ids;
        long[] ids = distinctSorted(rowIds, n);
        int m = ids.length;
        byte[] status = new byte[m];
        long[] ackMono = new long[m];
        long[] firstInvokedMono = new long[m];
        long[] lastInvokedMono = new long[m];
        long[] lastCompletedMono = new long[m];
        boolean[] open = new boolean[m];
        boolean[] seen = new boolean[m];
        boolean[] completed = new boolean[m];
        boolean sortedRows = isSorted(rowIds, n);
        for (int i = 0; i < n; i++) {
            int s = sortedRows ? indexInSorted(ids, rowIds[i], i) : Arrays.binarySearch(ids, rowIds[i]);
            long inv = rows.invokedMono[i];
            if (!seen[s] || inv - firstInvokedMono[s] < 0) {
                firstInvokedMono[s] = inv;
            }
            if (!seen[s] || inv - lastInvokedMono[s] > 0) {
                lastInvokedMono[s] = inv;
            }
            Outcome outcome = OUTCOMES[rows.outcomes[i]];
            long done = rows.completedMono[i];
            switch (outcome) {
                case ACKNOWLEDGED -> {
                    if ((status[s] & ACK) == 0 || done - ackMono[s] < 0) {
                        ackMono[s] = done;
                    }
                    status[s] |= ACK;
                }
                case FAILED -> status[s] |= FAILED;
                case INDETERMINATE -> status[s] |= INDETERMINATE;
                case INVOKED -> {
                    status[s] |= INDETERMINATE;
                    open[s] = true;
                }
            }
            if (outcome != Outcome.INVOKED && (!completed[s] || done - lastCompletedMono[s] > 0)) {
                lastCompletedMono[s] = done;
                completed[s] = true;
            }
            seen[s] = true;
        }

        // Multiplicity of each invoked id in the read-back; unexpected and duplicate ids on the way.
        int[] present = new int[m];
        long unexpected = 0;
        long duplicates = 0;
        long[] rb = readBack.sortedIds();
        int j = 0;
        for (int k = 0; k < rb.length; ) {
            long id = rb[k];
            int count = 0;
            while (k < rb.length && rb[k] == id) {
                count++;
                k++;
            }
            if (count > 1) {
                duplicates++;
            }
            while (j < m && ids[j] < id) {
                j++;
            }
            if (j < m && ids[j] == id) {
                present[j] = count;
            } else {
                unexpected++;
            }
        }

        long acknowledged = 0;
        long acknowledgedBefore = 0;
        long failed = 0;
        long indeterminate = 0;
        long recovered = 0;
        long failedButPresent = 0;
        List<Long> lost = new ArrayList<>();
        int rpoLost = 0;
        long earliestRpoLostAck = 0;
        int lostAfter = 0;
        int lostBeforeRp = 0;
        int presentAfterTarget = 0;
        List<Long> inFlightAtRp = new ArrayList<>();
        List<Long> failedIds = new ArrayList<>();
        List<Long> indeterminateIds = new ArrayList<>();
        boolean hasDisruption = disruption != null;
        long disruptionMono = hasDisruption ? disruption.monotonicNanos() : 0;
        boolean hasRp = recoveryPoint != null;
        long rpMono = hasRp ? recoveryPoint.monotonicNanos() : 0;
        boolean pointInTime = mode == RestoreMode.POINT_IN_TIME;
        boolean restores = mode != RestoreMode.NONE;
        boolean hasStarted = restores && recoveryStarted != null;
        long startedMono = hasStarted ? recoveryStarted.monotonicNanos() : 0;
        boolean hasFinished = restores && recoveryFinished != null;
        long finishedMono = hasFinished ? recoveryFinished.monotonicNanos() : 0;
        int lostAfterRecovery = 0;
        int writtenSinceRp = 0;
        long replacedMono = restoreStarted != null ? restoreStarted.monotonicNanos() : startedMono;
        int keptSinceRp = 0;

        for (int s = 0; s < m; s++) {
            boolean isPresent = present[s] > 0;
            if ((status[s] & ACK) != 0) {
                acknowledged++;
                if (!hasDisruption || ackMono[s] - disruptionMono < 0) {
                    acknowledgedBefore++;
                }
                if (!isPresent) {
                    lost.add(ids[s]);
                    if (!hasDisruption || ackMono[s] - disruptionMono < 0) {
                        if (rpoLost == 0 || ackMono[s] - earliestRpoLostAck < 0) {
                            earliestRpoLostAck = ackMono[s];
                        }
                        rpoLost++;
                    } else if (hasFinished && firstInvokedMono[s] - finishedMono >= 0) {
                        lostAfterRecovery++;   // written to the restored server: judged as in any drill
                    } else {
                        lostAfter++;
                    }
                    if (hasRp && ackMono[s] - rpMono < 0) {
                        lostBeforeRp++;
                    }
                }
            } else if ((status[s] & INDETERMINATE) != 0) {
                indeterminate++;
                indeterminateIds.add(ids[s]);
                if (isPresent) {
                    recovered++;
                }
            } else {
                failed++;
                failedIds.add(ids[s]);
                if (isPresent) {
                    failedButPresent++;
                }
            }
            if (hasRp) {
                boolean invokedBefore = firstInvokedMono[s] - rpMono < 0;
                // Only writes that can have reached the damaged server alone must be gone: every attempt invoked
                // before the recovery started (later ones may reach the restored server and must survive).
                boolean beforeRecovery = !hasStarted || lastInvokedMono[s] - startedMono < 0;
                if (!invokedBefore && beforeRecovery && isPresent && pointInTime) {
                    presentAfterTarget++;
                }
                if (!invokedBefore && hasStarted && (status[s] & ACK) != 0 && ackMono[s] - replacedMono < 0) {
                    writtenSinceRp++;
                    keptSinceRp += isPresent ? 1 : 0;
                }
                if (invokedBefore && (open[s] || lastCompletedMono[s] - rpMono >= 0)) {
                    inFlightAtRp.add(ids[s]);
                }
            }
        }

        Duration rpoWindow = !hasDisruption ? null
                : rpoLost == 0 ? Duration.ZERO : Duration.ofNanos(disruptionMono - earliestRpoLostAck);
        boolean since = restores && hasRp && hasStarted;
        return new LedgerReport(m, n, acknowledged, failed, indeterminate, lost, unexpected, recovered, duplicates,
                failedButPresent, rpoLost, rpoWindow, (restores ? 0 : lostAfter) + lostAfterRecovery, restores ? lostAfter : null,
                hasRp ? lostBeforeRp : null, hasRp && mode == RestoreMode.POINT_IN_TIME ? presentAfterTarget : null,
                inFlightAtRp, failedIds, indeterminateIds, acknowledgedBefore, since ? writtenSinceRp : null, since ? keptSinceRp : null);
    }

    private static long[] distinctSorted(long[] values, int n) {
        long[] a = Arrays.copyOf(values, n);
        if (!isSorted(a, n)) {
            Arrays.sort(a);
        }
        int w = 0;
        for (int i = 0; i < a.length; i++) {
            if (w == 0 || a[i] != a[w - 1]) {
                a[w++] = a[i];
            }
        }
        return Arrays.copyOf(a, w);
    }

    private static boolean isSorted(long[] a, int n) {
        for (int i = 1; i < n; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    // Rows sorted by id: the slot is at most the row index, usually found without a search.
    private static int indexInSorted(long[] ids, long id, int row) {
        int guess = Math.min(row, ids.length - 1);
        if (ids[guess] == id) {
            return guess;
        }
        return Arrays.binarySearch(ids, 0, guess + 1, id);
    }
}
