package dev.firedrill.measure;

import dev.firedrill.JsonText;

import dev.firedrill.HarnessClock;
import dev.firedrill.TimePoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The record of every write a drill makes: each operation gets a unique, increasing id when
 * invoked, then is acknowledged, failed or indeterminate, with wall and monotonic times from the
 * clock. Thread-safe; stored column-wise, so recording costs no allocation beyond the clock read.
 *
 * <p>Example: {@code long id = ledger.invoke(); ... ledger.acknowledged(id);} — a retry of the
 * same id: {@code ledger.retry(id); ... ledger.indeterminate(id, "timeout");}
 */
public final class OperationLedger {

    private final HarnessClock clock;
    private final long firstId;

    // One row per attempt, in invocation order.
    private long[] ids = new long[1024];
    private int[] attempts = new int[1024];
    private byte[] outcomes = new byte[1024];
    private long[] invokedMono = new long[1024];
    private long[] invokedWall = new long[1024];
    private long[] completedMono = new long[1024];
    private long[] completedWall = new long[1024];
    private String[] reasons = new String[1024];
    private int rows;
    // Latest row of each id, indexed by id - firstId.
    private int[] latestRow = new int[1024];
    private long nextId;

    /** A ledger whose first id is 1. */
    public OperationLedger(HarnessClock clock) {
        this(clock, 1);
    }

    /**
     * A ledger whose ids start at {@code firstId} (e.g. a time-derived base, so writes of this run
     * are told apart from rows earlier runs left in the same table).
     */
    public OperationLedger(HarnessClock clock, long firstId) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        if (firstId < 0) {
            throw new IllegalArgumentException("OperationLedger firstId must not be negative, was " + firstId);
        }
        this.firstId = firstId;
        this.nextId = firstId;
    }

    /** The clock the ledger reads. */
    public HarnessClock clock() {
        return clock;
    }

    /** The first id this ledger hands out. */
    public long firstId() {
        return firstId;
    }

    /** The next id that {@link #invoke()} will return (every id below it was invoked). */
    public synchronized long peekNextId() {
        return nextId;
    }

    /** Records the invocation of a new operation now and returns its id. */
    public synchronized long invoke() {
        long id = nextId;
        int idx = Math.toIntExact(id - firstId);
        if (idx == latestRow.length) {
            latestRow = Arrays.copyOf(latestRow, idx * 2);
        }
        nextId++;
        latestRow[idx] = addRow(id, 1);
        return id;
    }

    /** Records a new attempt of operation {@code id} (a retry with the same id) now. */
    public synchronized void retry(long id) {
        int row = latest(id);
        if (outcomes[row] == 0) {
            throw new IllegalStateException("Operation " + id + " cannot be retried: attempt " + attempts[row]
                    + " has no outcome yet");
        }
        latestRow[(int) (id - firstId)] = addRow(id, attempts[row] + 1);
    }

    /** Records that operation {@code id}'s latest attempt was acknowledged now. */
    public void acknowledged(long id) {
        complete(id, Outcome.ACKNOWLEDGED, null);
    }

    /** Records that operation {@code id}'s latest attempt failed definitely now. */
    public void failed(long id, String reason) {
        complete(id, Outcome.FAILED, reason);
    }

    /** Records that operation {@code id}'s latest attempt ended without a definite answer now. */
    public void indeterminate(long id, String reason) {
        complete(id, Outcome.INDETERMINATE, reason);
    }

    private synchronized void complete(long id, Outcome outcome, String reason) {
        int row = latest(id);
        if (outcomes[row] != 0) {
            throw new IllegalStateException("Operation " + id + " attempt " + attempts[row] + " is already "
                    + Outcome.values()[outcomes[row]].id() + "; cannot record it as " + outcome.id());
        }
        TimePoint now = clock.now();
        outcomes[row] = (byte) outcome.ordinal();
        completedMono[row] = now.monotonicNanos();
        completedWall[row] = epochNanos(now.wall());
        if (reason != null) {
            reasons[row] = reason;
        }
    }

    private int latest(long id) {
        if (id < firstId || id >= nextId) {
            throw new IllegalArgumentException("Operation " + id + " was never invoked on this ledger (ids "
                    + firstId + ".." + (nextId - 1) + ")");
        }
        return latestRow[(int) (id - firstId)];
    }

    private int addRow(long id, int attempt) {
        if (rows == ids.length) {
            int n = rows * 2;
            ids = Arrays.copyOf(ids, n);
            attempts = Arrays.copyOf(attempts, n);
            outcomes = Arrays.copyOf(outcomes, n);
            invokedMono = Arrays.copyOf(invokedMono, n);
            invokedWall = Arrays.copyOf(invokedWall, n);
            completedMono = Arrays.copyOf(completedMono, n);
            completedWall = Arrays.copyOf(completedWall, n);
            reasons = Arrays.copyOf(reasons, n);
        }
        TimePoint now = clock.now();
        int row = rows++;
        ids[row] = id;
        attempts[row] = attempt;
        outcomes[row] = 0;
        invokedMono[row] = now.monotonicNanos();
        invokedWall[row] = epochNanos(now.wall());
        return row;
    }

    /** The number of attempts recorded (retries included). */
    public synchronized int size() {
        return rows;
    }

    /** A column snapshot of every attempt, for the analysis. */
    synchronized LedgerAnalysis.Rows rows() {
        return new LedgerAnalysis.Rows(rows, Arrays.copyOf(ids, rows), Arrays.copyOf(outcomes, rows),
                Arrays.copyOf(invokedMono, rows), Arrays.copyOf(completedMono, rows));
    }

    /** Every attempt, in invocation order. */
    public synchronized List<OperationRecord> records() {
        List<OperationRecord> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(record(i));
        }
        return out;
    }

    private OperationRecord record(int i) {
        Outcome outcome = Outcome.values()[outcomes[i]];
        TimePoint invoked = new TimePoint(instant(invokedWall[i]), invokedMono[i]);
        TimePoint completed = outcome == Outcome.INVOKED ? null
                : new TimePoint(instant(completedWall[i]), completedMono[i]);
        return new OperationRecord(ids[i], attempts[i], outcome, invoked, completed, reasons[i]);
    }

    /**
     * Writes every attempt as one JSON object per line (the evidence's {@code ledger_file}):
     * {@code {"id":1,"attempt":1,"outcome":"acknowledged","invoked_at":"...","invoked_mono_ns":..,
     * "completed_at":"...","completed_mono_ns":..,"reason":null}}. Returns {@code file}.
     */
    public Path exportJsonLines(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writeJsonLines(w);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the operation ledger to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes every attempt as JSON lines to {@code out} (see {@link #exportJsonLines(Path)}). */
    public void writeJsonLines(Writer out) throws IOException {
        List<OperationRecord> snapshot = records();
        StringBuilder sb = new StringBuilder(256);
        for (OperationRecord r : snapshot) {
            sb.setLength(0);
            sb.append("{\"id\":").append(r.id())
                    .append(",\"attempt\":").append(r.attempt())
                    .append(",\"outcome\":\"").append(r.outcome().id()).append('"')
                    .append(",\"invoked_at\":\"").append(r.invokedAt().wall()).append('"')
                    .append(",\"invoked_mono_ns\":").append(r.invokedAt().monotonicNanos());
            if (r.completedAt() == null) {
                sb.append(",\"completed_at\":null,\"completed_mono_ns\":null");
            } else {
                sb.append(",\"completed_at\":\"").append(r.completedAt().wall()).append('"')
                        .append(",\"completed_mono_ns\":").append(r.completedAt().monotonicNanos());
            }
            sb.append(",\"reason\":");
            JsonText.appendString(sb, r.reason());
            sb.append("}\n");
            out.write(sb.toString());
        }
    }

    private static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }

    @Override
    public synchronized String toString() {
        return "OperationLedger[ids " + firstId + ".." + (nextId - 1) + ", attempts=" + rows + "]";
    }
}
