package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Phase;
import dev.firedrill.Verdict;
import dev.firedrill.fault.CpuBurnFault;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Load;
import dev.firedrill.load.LoadSettings;
import dev.firedrill.load.Loads;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.recovery.ScaleIn;
import dev.firedrill.recovery.ScaleOut;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static java.time.Duration.ofMillis;

/**
 * D22, high CPU on the API (runbook 000 §High CPU Alert; 001 §API Performance Degradation), on
 * drills/stacks/high-cpu.yml: the service limited to half a core behind the nginx {@code lb}, reached through the proxy
 * {@code ledger}. Under Gatling load, stress-ng burns sixteen workers' worth of CPU inside the service's own cgroup
 * ({@code cpu-burn}, bounded by its quota) and p95 breaches the SLO; the runbook's fix scales the API out to 3 behind
 * lb, then, the issue persisting (the burning instance still answers a third of the requests), restarts that
 * instance, drained first: the restart ends the burn with the process. p95 < 50 ms before and after. The Java form
 * of drills/D22-high-cpu.yml, and its can-fail variant: the scale-out alone.
 */
@Drills(compose = "drills/stacks/high-cpu.yml")
class HighCpuDrill {

    static final String HIGH_CPU = "runbook 000 §High CPU Alert";

    static final Drill D22 = Drill.builder("D22", "High CPU on the API")
            .suites("load")
            .runbook("000 §High CPU Alert; 001 §API Performance Degradation")
            .probe(Probes.ledgerWrite())
            .workload(Loads.ledger(LoadSettings.defaults().rate(30).writeShare(0.5)))
            .fault(new CpuBurnFault("ledger", 16, 100, Optional.empty()))
            .hold(Duration.ofSeconds(15))
            .recovery(new ScaleOut("ledger", 3, Optional.of("lb")))
            .recovery(Recoveries.drain("lb", "ledger"))
            .recovery(Recoveries.restart("ledger"))
            .recovery(Recoveries.ready("ledger"))
            .recovery(Recoveries.putBack("lb", "ledger"))
            .afterWindow(Duration.ofSeconds(20))
            .objective(Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, ofMillis(50)))
            .objective(Slos.errorRateBelow("load", Phase.BEFORE, 0.01))
            .objective(Objective.from(HIGH_CPU, Slos.latencyPercentileBelow("load", Phase.AFTER, 95, ofMillis(50))))
            .objective(Slos.errorRateBelow("load", Phase.AFTER, 0.01))
            .build();

    /** Clients reach lb through the proxy 'ledger' (docs/stack.md); the service alone in the rotation, whatever ran before. */
    @BeforeEach
    void clientsReachTheLoadBalancer(Stack stack) {
        stack.faultProxy().orElseThrow().repoint("ledger", "lb", 8080);
        Recoveries.rotation("lb", "ledger").run(stack);
        new ScaleIn("ledger", 1, Optional.empty()).run(stack);
    }

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D22-high-cpu.yml")
    void scalingOutAndRestartingTheBurningInstanceBringsP95Back(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D22, stack);

        System.out.println("D22 figures:\n  " + figures(result));
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    /**
     * Can fail: the scale-out alone, the runbook's step 5 (restart if the issue persists) skipped: the burning instance
     * stays in the rotation, answers a third of the requests from what the burn leaves of its half core, and p95 after
     * stays over 500 ms.
     */
    @Test
    @Load
    void scalingOutAloneLeavesTheBurningInstanceInRotation(DrillRunner runner, Stack stack) {
        Drill scaleOutOnly = D22.toBuilder().id("D22-scale-out-only").title("High CPU on the API, scaled out but not restarted")
                .withoutRecovery()
                .recovery(new ScaleOut("ledger", 3, Optional.of("lb")))
                .expectFailure("p95-latency(load, after)").build();

        DrillResult result = runner.run(scaleOutOnly, stack);

        System.out.println("D22-scale-out-only: " + result.reason() + "\n  " + figures(result));
        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("p95 latency of path 'load' (phase after)");
    }

    private static String figures(DrillResult result) {
        return java.util.stream.Stream.of(Phase.BEFORE, Phase.DURING, Phase.AFTER)
                .map(phase -> result.measurements().phaseStats("load", phase).map(Object::toString).orElse(phase + ": no requests"))
                .collect(java.util.stream.Collectors.joining("\n  "));
    }
}
