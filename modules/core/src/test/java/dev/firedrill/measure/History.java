package dev.firedrill.measure;

import dev.firedrill.ManualClock;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builders of synthetic histories: times are milliseconds after the start of the drill. */
final class History {

    private History() {
    }

    /** Wall and monotonic time both {@code ms} after the start. */
    static TimePoint at(long ms) {
        return new TimePoint(ManualClock.DEFAULT_START.plusMillis(ms), ms * 1_000_000L);
    }

    static OperationRecord ack(long id, long invokedMs, long ackMs) {
        return new OperationRecord(id, 1, Outcome.ACKNOWLEDGED, at(invokedMs), at(ackMs), null);
    }

    static OperationRecord failed(long id, long invokedMs, long doneMs) {
        return new OperationRecord(id, 1, Outcome.FAILED, at(invokedMs), at(doneMs), "HTTP 503");
    }

    static OperationRecord indeterminate(long id, long invokedMs, long doneMs) {
        return new OperationRecord(id, 1, Outcome.INDETERMINATE, at(invokedMs), at(doneMs), "timeout");
    }

    static OperationRecord attempt(long id, int attempt, Outcome outcome, long invokedMs, long doneMs) {
        return new OperationRecord(id, attempt, outcome, at(invokedMs), at(doneMs), null);
    }

    /** Writes 1..n, write i invoked at (i-1)·100 ms and acknowledged 10 ms later. */
    static List<OperationRecord> steadyWrites(int n) {
        List<OperationRecord> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            long t = (i - 1) * 100L;
            out.add(ack(i, t, t + 10));
        }
        return out;
    }

    static Observation ok(String path, long startMs, long latencyMs) {
        return new Observation(path, at(startMs), Duration.ofMillis(latencyMs), true, null);
    }

    static Observation fail(String path, long startMs, long latencyMs) {
        return new Observation(path, at(startMs), Duration.ofMillis(latencyMs), false, "HTTP 503");
    }

    /** Probes every 100 ms from {@code fromMs} (inclusive) to {@code toMs} (exclusive), 10 ms each. */
    static List<Observation> probes(String path, long fromMs, long toMs, boolean success) {
        List<Observation> out = new ArrayList<>();
        for (long t = fromMs; t < toMs; t += 100) {
            out.add(success ? ok(path, t, 10) : fail(path, t, 10));
        }
        return out;
    }
}
