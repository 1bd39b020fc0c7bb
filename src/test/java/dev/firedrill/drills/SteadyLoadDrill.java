package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.load.LoadSettings;
import dev.firedrill.load.Loads;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * steady-load, the baseline (seeds 001 §Midday Performance Check, 002 §System Metrics Review): no
 * fault; Gatling writes and reads through {@code ledger:8080} at the configured rate
 * ({@code -Dload.rate}, default 50/s here) for 30 s after the steady state is proven.
 * p95 < 500 ms and error rate < 1 %. With no disruption the whole drill is the {@code before} phase.
 */
@Drills
class SteadyLoadDrill {

    static final Drill STEADY_LOAD = Drill.builder("steady-load", "Steady-state load baseline")
            .suites("load")
            .runbook("001 §Midday Performance Check; 002 §System Metrics Review")
            .probe(Probes.ledgerWrite())
            .workload(Loads.ledger(LoadSettings.defaults().rate(50).writeShare(0.5)))
            .settle(Duration.ZERO)
            .afterWindow(Duration.ofSeconds(30))
            .objective(Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, Duration.ofMillis(500)))
            .objective(Slos.errorRateBelow("load", Phase.BEFORE, 0.01))
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/steady-load.yml")
    void serviceHoldsItsLatencyAndErrorObjectivesUnderSteadyLoad(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(STEADY_LOAD, stack);

        PhaseStats load = result.measurements().phaseStats("load", Phase.BEFORE).orElseThrow();
        System.out.println("steady-load figures: " + load);
        org.assertj.core.api.Assertions.assertThat(load.count()).as("requests recorded").isGreaterThan(500);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }
}
