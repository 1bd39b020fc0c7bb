package dev.firedrill.measure;

import static dev.firedrill.measure.History.at;
import static dev.firedrill.measure.History.fail;
import static dev.firedrill.measure.History.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.Observation;
import dev.firedrill.Phase;
import dev.firedrill.PhaseCut;
import dev.firedrill.PhaseStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseStatisticsTest {

    // disruption 2000, recovery started 3000, recovered 4000, settle 500, end 6000
    private final PhaseCut cut = new PhaseCut(at(2_000), at(3_000), at(4_000), at(6_000), Duration.ofMillis(500));

    @Test
    void cutsObservationsByPhaseWithExactPercentilesErrorRatesAndThroughput() {
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // before: latencies 1..20 ms, two of them errors
            long t = i * 100L;
            obs.add(i == 4 || i == 9 ? fail("read", t, i + 1) : ok("read", t, i + 1));
        }
        for (int i = 0; i < 10; i++) { // during: every one fails after 2 s
            obs.add(fail("read", 2_000 + i * 100L, 2_000));
        }
        for (int i = 0; i < 10; i++) { // recovery
            obs.add(ok("read", 3_000 + i * 100L, 5));
        }
        for (int i = 0; i < 5; i++) { // settle gap: belongs to no phase
            obs.add(ok("read", 4_000 + i * 100L, 50));
        }
        for (int i = 0; i < 15; i++) { // after: 4500..5900
            obs.add(ok("read", 4_500 + i * 100L, 3));
        }

        Map<Phase, PhaseStats> stats = PhaseStatistics.of(obs, cut);

        PhaseStats before = stats.get(Phase.BEFORE);
        assertThat(before.count()).isEqualTo(20);
        assertThat(before.errors()).isEqualTo(2);
        assertThat(before.errorRate()).isEqualTo(0.1);
        assertThat(before.p50()).isEqualTo(Duration.ofMillis(10));
        assertThat(before.p95()).isEqualTo(Duration.ofMillis(19));
        assertThat(before.p99()).isEqualTo(Duration.ofMillis(20));
        assertThat(before.throughputPerSecond()).isEqualTo(10.0); // 20 in [0, 2000)

        PhaseStats during = stats.get(Phase.DURING);
        assertThat(during.count()).isEqualTo(10);
        assertThat(during.errorRate()).isEqualTo(1.0);
        assertThat(during.p99()).isEqualTo(Duration.ofSeconds(2));

        assertThat(stats.get(Phase.RECOVERY).count()).isEqualTo(10);
        assertThat(stats.get(Phase.RECOVERY).errors()).isZero();

        PhaseStats after = stats.get(Phase.AFTER);
        assertThat(after.count()).isEqualTo(15);
        assertThat(after.throughputPerSecond()).isEqualTo(10.0); // 15 in [4500, 6000)
        assertThat(after.p95()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void aPhaseWithoutObservationsIsEmpty() {
        Map<Phase, PhaseStats> stats = PhaseStatistics.of(List.of(ok("read", 100, 1)), cut);
        assertThat(stats.get(Phase.AFTER)).isEqualTo(PhaseStats.empty(Phase.AFTER));
        assertThat(stats.get(Phase.AFTER).p95()).isNull();
    }

    @Test
    void nearestRankPercentileOfOneValueIsThatValue() {
        assertThat(PhaseStatistics.percentile(new long[] {7}, 99)).isEqualTo(Duration.ofNanos(7));
        assertThat(PhaseStatistics.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(Duration.ofNanos(2));
    }
}
