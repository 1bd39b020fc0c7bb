package dev.firedrill.report;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.DrillResult;
import dev.firedrill.ExerciseFacts;
import dev.firedrill.FailureWindow;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Recovery;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.StepRecord;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.Verdict;
import dev.firedrill.measure.RecoveryAnalysis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drill results built by hand on a {@link ManualClock}, with known figures, for the reporters' tests. */
public final class SyntheticDrills {

    public static final String RUN_ID = "20260101-000000-test";
    public static final String PASSWORD = "hunter2-s3cret";
    public static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/ledger?user=ledger&password=" + PASSWORD;

    public final ManualClock clock = new ManualClock();
    public final Timeline timeline = new Timeline(clock);

    /** 0: only the few observations documented on each drill; more: a read and a write probe this often (benchmarks). */
    private int probeEveryMillis;

    /** Adds a read and a write observation every {@code millis} during the outage and after the recovery (for volume). */
    public SyntheticDrills probingEvery(int millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("probe interval must be positive, was " + millis);
        }
        this.probeEveryMillis = millis;
        return this;
    }

    public static RunInfo run(Path reports) {
        return new RunInfo(RUN_ID, Instant.parse("2025-12-31T23:59:59Z"), reports.resolve(RUN_ID), "0123abc",
                "drill-host", "Docker 20.10.24 (API 1.41)",
                Map.of("postgres", "sha256:aaa", "ledger", "firedrill/ledger@sha256:bbb"));
    }

    /**
     * D01 at 2026-01-01T00:00:00Z: steady at +2 s, killed at +3 s (the disruption), restarted from
     * +13 s to +14 s; write path RTO 12.345 s, TTR 2.345 s, detection 250 ms, one failure window from its
     * failed write at +3.1 s to +15.345 s (12.245 s, also the outage as observed); two writes acknowledged
     * before the disruption are lost (window 1.5 s). The RTO objective passed, the lost-writes one failed.
     */
    public DrillResult failedApiServiceDown() {
        TimePoint start = clock.now();
        timeline.mark(Marker.STEADY_PROVEN, "5 successes", clock.advanceMillis(2_000));
        TimePoint killStart = clock.advanceMillis(500);
        TimePoint disruption = clock.advanceMillis(500);
        timeline.mark(Marker.DISRUPTION, "kill(ledger)", disruption);
        timeline.record(new Observation("write", clock.advanceMillis(100), Duration.ofMillis(150), false,
                "HTTP 503 from " + JDBC_URL));
        timeline.note("config", "LEDGER_DB_PASSWORD=" + PASSWORD);
        TimePoint restartStart = advanceProbing(9_900, false);
        timeline.mark(Marker.RECOVERY_STARTED, "restart(ledger)", restartStart);
        TimePoint restartEnd = clock.advanceMillis(1_000);
        timeline.record(new Observation("write", clock.advanceMillis(1_345), Duration.ofMillis(20), true, "201"));
        timeline.mark(Marker.RECOVERED, "write path steady", clock.advanceMillis(100));
        TimePoint end = advanceProbing(5_000, true);
        timeline.mark(Marker.END, "", end);

        Map<String, RecoveryMeasurement> recovery = new LinkedHashMap<>();
        // The read path comes first on purpose: the drill's figures are still the write path's.
        recovery.put("read", new RecoveryMeasurement("read", Duration.ofMillis(90), Duration.ofMillis(11_000),
                Duration.ofMillis(1_000), disruption.plus(Duration.ofMillis(90)), null, null));
        TimePoint writeBack = disruption.plus(Duration.ofMillis(12_345));
        FailureWindow writeDown = new FailureWindow(disruption.plus(Duration.ofMillis(100)), writeBack, 1);
        recovery.put("write", new RecoveryMeasurement("write", Duration.ofMillis(250), Duration.ofMillis(12_345),
                Duration.ofMillis(2_345), disruption.plus(Duration.ofMillis(250)), writeBack,
                disruption.plus(Duration.ofMillis(12_445)), List.of(writeDown), writeDown.duration()));
        LedgerReport ledger = new LedgerReport(100, 102, 95, 3, 2, List.of(7L, 8L), 0, 1, 0, 0, 2,
                Duration.ofMillis(1_500), 0, null, null, null, List.of());
        List<ObjectiveResult> objectives = List.of(
                new ObjectiveResult("rto(write)", "recovery", "≤ 45000", "12345", "ms", true,
                        "RTO of path 'write' (phase recovery) was PT12.345S, target ≤ PT45S: met"),
                new ObjectiveResult("no-acknowledged-writes-lost", null, "≤ 0", "2", "writes", false,
                        "Acknowledged writes lost (whole drill) was 2, target ≤ 0: missed"));
        List<StepRecord> steps = List.of(
                new StepRecord("kill(ledger)", killStart, disruption, "passed", "killed container ledger"),
                new StepRecord("restart(ledger)", restartStart, restartEnd, "passed",
                        "restarted with LEDGER_DB_URL=" + JDBC_URL));
        return new DrillResult("D01", "API service down", List.of("smoke", "regression"), "runbooks/api-down.md",
                Verdict.FAILED, "1 objective missed: no-acknowledged-writes-lost; password was " + PASSWORD,
                new DrillMeasurements(recovery, ledger, Map.of(), timeline), objectives, steps, start, end);
    }

    /**
     * D11 from the clock's now (+0): steady at +1 s, the primary killed at +2 s (the disruption), the kill
     * verified at +2.2 s, the replica promoted from +2.5 s to +2.9 s. Write and read are probed every 100 ms
     * (answers in 10 and 5 ms). The write path fails twice: 11 failures from the disruption (one request in
     * flight since +1.9 s) until the success answered at +3.01 s (1.01 s), and 14 failures from +5 s, when the
     * pool recycles its connections, until +6.41 s (1.41 s). Measured by {@link RecoveryAnalysis#defaults()}:
     * RTO 4.41 s (after the second window), TTR 3.91 s, detection 10 ms, 2.42 s failed in all, outage as
     * observed 4.51 s (from +1.9 s). The read path never fails. The RTO objective (≤ 30 s) passed.
     */
    public DrillResult failoverWithTwoOutages() {
        Timeline t = new Timeline(clock);
        TimePoint origin = t.startedAt();
        for (long tick = 1; tick <= 90; tick++) {
            TimePoint at = origin.plus(Duration.ofMillis(tick * 100));
            boolean down = (tick >= 19 && tick <= 29) || (tick >= 50 && tick <= 63);
            t.record(new Observation("write", at, Duration.ofMillis(tick == 19 ? 110 : 10), !down,
                    down ? "HTTP 503" : "201"));
            t.record(new Observation("read", at, Duration.ofMillis(5), true, "200"));
        }
        t.mark(Marker.STEADY_PROVEN, "5 successes", origin.plus(Duration.ofMillis(1_000)));
        TimePoint kill = origin.plus(Duration.ofMillis(1_950));
        TimePoint disruption = origin.plus(Duration.ofMillis(2_000));
        t.mark(Marker.DISRUPTION, "kill(postgres-primary)", disruption);
        t.mark(Marker.FAULT_VERIFIED, "postgres-primary is not running", origin.plus(Duration.ofMillis(2_200)));
        TimePoint promote = origin.plus(Duration.ofMillis(2_500));
        TimePoint promoted = origin.plus(Duration.ofMillis(2_900));
        t.mark(Marker.RECOVERY_STARTED, "promote(replica)", promote);
        t.mark(Marker.RECOVERY_FINISHED, "promote(replica)", promoted);
        t.note(Recovery.RestoreTarget.NOTE, new Recovery.RestoreTarget("replica", "the standby, promoted").detail());
        t.mark(Marker.RECOVERED, "write path steady", origin.plus(Duration.ofMillis(6_810)));
        TimePoint end = clock.advanceMillis(9_100);
        t.mark(Marker.END, "", end);

        Map<String, RecoveryMeasurement> recovery = new LinkedHashMap<>();
        for (String path : t.paths()) {
            recovery.put(path, RecoveryAnalysis.defaults().measure(path, t));
        }
        String rto = Long.toString(recovery.get("write").rto().toMillis());
        List<ObjectiveResult> objectives = List.of(new ObjectiveResult("rto(write)", "recovery", "≤ 30000", rto, "ms",
                true, "RTO of path 'write' (phase recovery) was " + recovery.get("write").rto() + ", target ≤ PT30S: met"),
                new ObjectiveResult("policy:rto(write)", "recovery", "≤ 14400000", rto, "ms",
                true, "RTO of path 'write' (phase recovery) was " + recovery.get("write").rto() + ", target ≤ PT4H: met")
                .withSource("policy dr-policy.yml (site-loss)"));
        List<StepRecord> steps = List.of(
                new StepRecord("kill(postgres-primary)", kill, disruption, "passed", "killed container postgres-primary"),
                new StepRecord("promote(replica)", promote, promoted, "passed", "promoted"));
        return new DrillResult("D11", "Primary lost, fail over", List.of("quarterly", "regression"),
                "runbooks/failover.md", Verdict.PASSED, null, new DrillMeasurements(recovery, null, Map.of(), t),
                objectives, steps, origin, end, new ExerciseFacts("BIA-2026 §4.2 payments ledger", "db-team"));
    }

    /** The targets of D11 ({@link #failoverWithTwoOutages()}) as the engine passes them. */
    public static Map<String, Long> d11Targets() {
        return Map.of(Evidence.RTO_TARGET_MS, 30_000L);
    }

    /** Advances the clock by {@code millis}, recording probes on the way when {@link #probingEvery} asked for them. */
    private TimePoint advanceProbing(long millis, boolean ok) {
        if (probeEveryMillis == 0) {
            return clock.advanceMillis(millis);
        }
        long left = millis;
        while (left > probeEveryMillis) {
            TimePoint at = clock.advanceMillis(probeEveryMillis);
            left -= probeEveryMillis;
            timeline.record(new Observation("read", at, Duration.ofMillis(ok ? 4 : 2), true, "200"));
            timeline.record(new Observation("write", at, Duration.ofMillis(ok ? 12 : 3), ok, ok ? "201" : "HTTP 503"));
        }
        return clock.advanceMillis(left);
    }

    /**
     * Writes a ledger file for {@link #failedApiServiceDown()} (call that first): writes 1..10 acknowledged a
     * quarter second apart from +0.5 s (7 and 8, lost, among them), 11 indeterminate at the disruption, 12
     * failed, 13 acknowledged after the recovery.
     */
    public Path writeLedger(Path file) throws java.io.IOException {
        long origin = timeline.startedAt().monotonicNanos();
        Instant wall = timeline.startedAt().wall();
        StringBuilder sb = new StringBuilder();
        for (int id = 1; id <= 10; id++) {
            long invoked = origin + 250_000_000L * id + 250_000_000L;
            sb.append(line(id, "acknowledged", wall, origin, invoked, invoked + 20_000_000L));
        }
        sb.append(line(11, "indeterminate", wall, origin, origin + 3_000_000_000L, origin + 5_000_000_000L));
        sb.append(line(12, "failed", wall, origin, origin + 4_000_000_000L, origin + 4_100_000_000L));
        sb.append(line(13, "acknowledged", wall, origin, origin + 16_000_000_000L, origin + 16_050_000_000L));
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        return java.nio.file.Files.writeString(file, sb.toString());
    }

    /**
     * A ledger of {@code operations} writes spread evenly over {@link #failedApiServiceDown()}'s 20 s
     * (call that first): acknowledged, except failed between the disruption (+3 s) and the recovery (+15.4 s).
     */
    public Path writeBusyLedger(Path file, int operations) throws java.io.IOException {
        long origin = timeline.startedAt().monotonicNanos();
        Instant wall = timeline.startedAt().wall();
        StringBuilder sb = new StringBuilder();
        long span = 20_000_000_000L;
        for (int id = 1; id <= operations; id++) {
            long invoked = origin + span * id / (operations + 1);
            long offset = invoked - origin;
            boolean down = offset > 3_000_000_000L && offset < 15_400_000_000L;
            sb.append(line(id, down ? "failed" : "acknowledged", wall, origin, invoked, invoked + 15_000_000L));
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        return java.nio.file.Files.writeString(file, sb.toString());
    }

    private static String line(long id, String outcome, Instant wall, long origin, long invoked, long completed) {
        return "{\"id\":" + id + ",\"attempt\":1,\"outcome\":\"" + outcome + "\",\"invoked_at\":\""
                + wall.plusNanos(invoked - origin) + "\",\"invoked_mono_ns\":" + invoked + ",\"completed_at\":\""
                + wall.plusNanos(completed - origin) + "\",\"completed_mono_ns\":" + completed + ",\"reason\":null}\n";
    }

    /** D06 skipped right away: nothing measured, no ledger, no steps. */
    public DrillResult skippedStorageFull() {
        TimePoint at = clock.advanceMillis(1_000);
        return new DrillResult("D06", "Storage full", List.of("regression", "quarterly"), null, Verdict.SKIPPED,
                "needs root for a loop-mounted volume", DrillMeasurements.empty(new Timeline(clock)), List.of(),
                List.of(), at, at);
    }

    /** The targets of D01 as the engine passes them. */
    public static Map<String, Long> d01Targets() {
        return Map.of(Evidence.RTO_TARGET_MS, 45_000L, Evidence.RPO_TARGET_WRITES, 0L);
    }
}
