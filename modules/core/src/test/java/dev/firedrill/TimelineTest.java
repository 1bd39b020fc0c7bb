package dev.firedrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private final ManualClock clock = new ManualClock();
    private final Timeline timeline = new Timeline(clock);

    @Test
    void durationsComeFromMonotonicTimeWhenWallClockSteps() {
        TimePoint a = clock.now();
        clock.advance(Duration.ofSeconds(3));
        clock.jumpWall(Duration.ofHours(-1));
        TimePoint b = clock.now();

        assertThat(b.since(a)).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.isBefore(b)).isTrue();
        assertThat(b.wall()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(3).minus(Duration.ofHours(1)));
    }

    @Test
    void manualClockRefusesToRunBackwards() {
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jumpWall");
    }

    @Test
    void systemClockMovesForward() {
        TimePoint a = HarnessClock.system().now();
        TimePoint b = HarnessClock.system().now();
        assertThat(b.since(a)).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void markersHaveTheContractIds() {
        assertThat(List.of(Marker.values())).extracting(Marker::id).containsExactly("steady-proven", "disruption",
                "fault-verified", "recovery-started", "recovery-finished", "fault-reverted", "recovered", "recovery-point", "end");
        assertThat(List.of(Phase.values())).extracting(Phase::id).containsExactly("before", "during", "recovery",
                "after");
        assertThat(Marker.fromId("recovery-point")).isEqualTo(Marker.RECOVERY_POINT);
        assertThatThrownBy(() -> Phase.fromId("later")).hasMessageContaining("later").hasMessageContaining("after");
    }

    @Test
    void eventsAreOrderedByMonotonicTimeEvenWhenMarkedLate() {
        TimePoint early = clock.now();
        clock.advanceMillis(100);
        timeline.note("step-started", "restart(ledger)");
        timeline.mark(Marker.DISRUPTION, "kill(ledger)", early);
        clock.jumpWall(Duration.ofMinutes(-10)); // wall goes back: order must not change
        clock.advanceMillis(100);
        timeline.mark(Marker.RECOVERED, "steady");

        assertThat(timeline.events()).extracting(TimelineEvent::kind)
                .containsExactly("disruption", "step-started", "recovered");
        assertThat(timeline.first(Marker.DISRUPTION)).contains(early);
        assertThat(timeline.first(Marker.END)).isEmpty();
    }

    @Test
    void cutsPhasesWithTheSettleGapAndEnd() {
        TimePoint t0 = clock.now();
        TimePoint disruption = clock.advanceMillis(1_000);
        timeline.mark(Marker.DISRUPTION, "fault");
        TimePoint recoveryStarted = clock.advanceMillis(10_000);
        timeline.mark(Marker.RECOVERY_STARTED, "restart");
        TimePoint recovered = clock.advanceMillis(5_000);
        timeline.mark(Marker.RECOVERED, "steady");
        TimePoint end = clock.advanceMillis(20_000);
        timeline.mark(Marker.END, "done");
        Duration settle = Duration.ofSeconds(5);

        assertThat(timeline.phaseOf(t0, settle)).contains(Phase.BEFORE);
        assertThat(timeline.phaseOf(disruption.plus(Duration.ofNanos(-1)), settle)).contains(Phase.BEFORE);
        assertThat(timeline.phaseOf(disruption, settle)).contains(Phase.DURING);
        assertThat(timeline.phaseOf(recoveryStarted, settle)).contains(Phase.RECOVERY);
        assertThat(timeline.phaseOf(recovered, settle)).isEmpty();
        assertThat(timeline.phaseOf(recovered.plus(Duration.ofMillis(4_999)), settle)).isEmpty();
        assertThat(timeline.phaseOf(recovered.plus(settle), settle)).contains(Phase.AFTER);
        assertThat(timeline.phaseOf(end, settle)).isEmpty();
        PhaseCut cut = timeline.phaseCut(settle);
        assertThat(cut.startOf(Phase.AFTER)).isEqualTo(recovered.plus(settle));
        assertThat(cut.endOf(Phase.AFTER)).isEqualTo(end);
        assertThat(cut.endOf(Phase.DURING)).isEqualTo(recoveryStarted);
    }

    @Test
    void faultRevertedStandsInForRecoveryStarted() {
        clock.advanceMillis(1_000);
        timeline.mark(Marker.DISRUPTION, "latency");
        TimePoint reverted = clock.advanceMillis(10_000);
        timeline.mark(Marker.FAULT_REVERTED, "latency removed");
        assertThat(timeline.phaseOf(reverted, PhaseCut.DEFAULT_SETTLE)).contains(Phase.RECOVERY);
    }

    @Test
    void aPathThatHealedDuringTheHoldKeepsTheFullDuringPhase() {
        clock.advanceMillis(1_000);
        timeline.mark(Marker.DISRUPTION, "kill(redis)");
        TimePoint healed = clock.advanceMillis(200);
        timeline.mark(Marker.RECOVERED, "write path steady");
        TimePoint restart = clock.advanceMillis(9_800);
        timeline.mark(Marker.RECOVERY_STARTED, "restart(redis)");
        Duration settle = Duration.ofSeconds(5);

        assertThat(timeline.phaseOf(healed, settle)).contains(Phase.DURING);
        assertThat(timeline.phaseOf(restart.plus(Duration.ofSeconds(1)), settle)).isEmpty();
        assertThat(timeline.phaseOf(restart.plus(settle), settle)).contains(Phase.AFTER);
    }

    @Test
    void exportsEventsAndObservationsAsJsonLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        timeline.mark(Marker.DISRUPTION, "kill \"ledger\"");
        timeline.record(new Observation("write", clock.advanceMillis(100), Duration.ofMillis(12), false, "HTTP 503"));
        java.nio.file.Path file = timeline.exportJsonLines(dir.resolve("timeline.jsonl"));
        assertThat(java.nio.file.Files.readAllLines(file)).containsExactly(
                "{\"type\":\"marker\",\"at\":\"2026-01-01T00:00:00Z\",\"mono_ns\":0,\"kind\":\"disruption\","
                        + "\"detail\":\"kill \\\"ledger\\\"\"}",
                "{\"type\":\"observation\",\"path\":\"write\",\"start\":\"2026-01-01T00:00:00.100Z\","
                        + "\"mono_ns\":100000000,\"latency_ms\":12.0,\"success\":false,\"detail\":\"HTTP 503\"}");
    }

    @Test
    void withoutDisruptionEverythingIsBefore() {
        assertThat(timeline.phaseOf(clock.advanceMillis(60_000), PhaseCut.DEFAULT_SETTLE)).contains(Phase.BEFORE);
    }

    @Test
    void storesObservationsPerPathInStartOrder() {
        TimePoint a = clock.now();
        TimePoint b = clock.advanceMillis(100);
        timeline.record(new Observation("write", b, Duration.ofMillis(3), false, "HTTP 503"));
        timeline.record(new Observation("write", a, Duration.ofMillis(2), true, null));
        timeline.record(new Observation("read", b, Duration.ofMillis(1), true, null));

        assertThat(timeline.observations("write")).extracting(Observation::start).containsExactly(a, b);
        assertThat(timeline.observations("write").get(1).detail()).isEqualTo("HTTP 503");
        assertThat(timeline.observations("write").get(1).latency()).isEqualTo(Duration.ofMillis(3));
        assertThat(timeline.observations()).hasSize(3);
        assertThat(timeline.observations("tls")).isEmpty();
        assertThat(timeline.paths()).containsExactly("write", "read");
    }

    @Test
    void recordsObservationsFromManyThreads() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            String path = "p" + (t % 2);
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    timeline.record(new Observation(path, new TimePoint(Instant.EPOCH, i), Duration.ZERO, true, null));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(timeline.observations("p0")).hasSize(20_000);
        List<Long> starts = new ArrayList<>();
        timeline.observations("p1").forEach(o -> starts.add(o.start().monotonicNanos()));
        assertThat(starts).isSorted();
    }

    @Test
    void recordsValidateWithNamedFields() {
        assertThatThrownBy(() -> new Observation(" ", clock.now(), Duration.ZERO, true, null))
                .hasMessageContaining("Observation.path");
        assertThatThrownBy(() -> new StepRecord("restart", clock.advanceMillis(5), clock.now().plus(Duration.ofMillis(-1)), "ok", null))
                .hasMessageContaining("restart");
        assertThatThrownBy(() -> new ObjectiveResult("rto(write)", null, "≤ 45000", null, "ms", false, " "))
                .hasMessageContaining("message").hasMessageContaining("rto(write)");
    }
}
