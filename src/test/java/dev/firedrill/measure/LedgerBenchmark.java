package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.PhaseCut;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.List;

/**
 * Benchmark of the measurement core (a documented command, not a timed test):
 * <pre>
 * mvn -o -q test-compile &amp;&amp; java -cp target/classes:target/test-classes dev.firedrill.measure.LedgerBenchmark
 * </pre>
 * Prints: operations recorded per second on one thread with the system clock (invoke plus
 * acknowledge), and the time to analyse 1,000,000 operations against a read-back; then the time to
 * compute RTO and phase statistics over 1,000,000 observations. Targets: ≥ 100,000 ops/s, &lt; 1 s.
 */
public final class LedgerBenchmark {

    private LedgerBenchmark() {
    }

    public static void main(String[] args) {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d%n", round);
            record(ops);
            analyse(ops);
            observations(ops);
        }
    }

    private static void record(int ops) {
        OperationLedger ledger = new OperationLedger(HarnessClock.system());
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            long id = ledger.invoke();
            if ((i & 63) == 0) {
                ledger.indeterminate(id, "timeout");
            } else {
                ledger.acknowledged(id);
            }
        }
        long ns = System.nanoTime() - t0;
        System.out.printf("  record   %,d operations on one thread: %,.0f ops/s (%.0f ms)%n", ops, ops / (ns / 1e9),
                ns / 1e6);
    }

    private static void analyse(int ops) {
        ManualClock clock = new ManualClock();
        OperationLedger ledger = new OperationLedger(clock);
        ReadBack.Builder rb = ReadBack.builder();
        for (int i = 0; i < ops; i++) {
            long id = ledger.invoke();
            clock.advance(Duration.ofNanos(500_000));
            ledger.acknowledged(id);
            if (i % 100 != 7) { // 1 % lost
                rb.add(id);
            }
        }
        TimePoint disruption = new TimePoint(clock.now().wall(), clock.now().monotonicNanos() / 2);
        ReadBack readBack = rb.build();
        long t0 = System.nanoTime();
        LedgerReport report = LedgerAnalysis.of(disruption).analyse(ledger, readBack);
        long t1 = System.nanoTime();
        List<OperationRecord> records = ledger.records();
        long t2 = System.nanoTime();
        LedgerAnalysis.of(disruption).analyse(records, readBack);
        long t3 = System.nanoTime();
        System.out.printf("  analyse  %,d operations from the ledger: %.0f ms (lost %,d, rpo_lost_writes %,d); "
                + "from OperationRecord objects: %.0f ms + %.0f ms to materialise them%n", ops, (t1 - t0) / 1e6,
                report.lostCount(), report.rpoLostWrites(), (t3 - t2) / 1e6, (t2 - t1) / 1e6);
    }

    private static void observations(int n) {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        for (int i = 0; i < n; i++) {
            if (i == n / 3) {
                timeline.mark(Marker.DISRUPTION, "fault");
            }
            if (i == n / 2) {
                timeline.mark(Marker.RECOVERY_STARTED, "fix");
            }
            boolean up = i < n / 3 || i > n / 2 + 100;
            timeline.record(new Observation("write", clock.now(), Duration.ofMillis(up ? 3 : 900), up, null));
            clock.advance(Duration.ofMillis(20));
        }
        long t0 = System.nanoTime();
        var m = RecoveryAnalysis.defaults().measure("write", timeline);
        Measurements.markRecovered(timeline, m);
        var stats = PhaseStatistics.byPath(timeline, PhaseCut.DEFAULT_SETTLE);
        long t1 = System.nanoTime();
        System.out.printf("  timeline %,d observations: RTO + phase statistics in %.0f ms (rto %s, during p95 %s)%n", n,
                (t1 - t0) / 1e6, m.rto(), stats.get("write").get(dev.firedrill.Phase.DURING).p95());
    }
}
