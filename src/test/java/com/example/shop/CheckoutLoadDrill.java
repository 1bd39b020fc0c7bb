package com.example.shop;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import dev.firedrill.Recovery;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Load;
import dev.firedrill.junit.WrittenAsFile;
import dev.firedrill.load.Loads;
import dev.firedrill.load.SimulationSettings;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * checkout-load: the shop's own Gatling simulation ({@link CheckoutSimulation}, unchanged) in the background while
 * PostgreSQL answers 200 ms late for 10 s. Objectives per request name and phase: placing an order (a database write)
 * is fast again after the fault as it was before it; the order's status (read from the cache the order was written
 * to) stays fast during it; no request fails during it. Beside them, the simulation's own assertions
 * ({@code gatling-assertions(CheckoutSimulation)}: under 1 % failed requests, orders within 1 s at the 95th
 * percentile, over the whole run). The drill file {@code drills/checkout-under-load.yml} is the same drill.
 */
@Drills
public class CheckoutLoadDrill {

    /** The drill, public for the check that its file is the same drill ({@code DrillFilesTest}). */
    public static final Drill CHECKOUT = Drill.builder("checkout-load", "Checkout under load, database slow")
            .suites("load")
            .runbook("000 §Key Metrics; 002 §Performance Degradation")
            .probe(Probes.ledgerWrite())
            .workload(Loads.gatling(CheckoutSimulation.class, SimulationSettings.against("ledger", 8080)
                    .baseUrlProperty("shop.baseUrl").property("shop.usersPerSecond", "10")))
            .fault(Faults.latency("postgres", ofMillis(200)))
            .hold(ofSeconds(10))
            .recovery(Recovery.revertFaults())
            .afterWindow(ofSeconds(10))
            .objective(Slos.latencyPercentileBelow("load/place order", Phase.BEFORE, 95, ofMillis(500)))
            .objective(Slos.latencyPercentileBelow("load/place order", Phase.AFTER, 95, ofMillis(500)))
            .objective(Slos.latencyPercentileBelow("load/order status", Phase.DURING, 95, ofMillis(500)))
            .objective(Slos.errorRateBelow("load", Phase.DURING, 0.01))
            .build();

    /** The smallest delay the fault adds to an order: one database round trip. */
    private static final Duration FAULT_FLOOR = ofMillis(200);

    @Test
    @WrittenAsFile("drills/checkout-under-load.yml")
    void ordersSlowDownOnlyWhileTheDatabaseIsSlowAndTheShopsAssertionsHold(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(CHECKOUT, stack);

        PhaseStats ordersDuring = result.measurements().phaseStats("load/place order", Phase.DURING).orElseThrow();
        System.out.println("checkout-load: place order during " + ordersDuring + "; order status during "
                + result.measurements().phaseStats("load/order status", Phase.DURING).orElseThrow());
        assertThat(ordersDuring.p50()).as("the fault shows on the orders: median order during it").isGreaterThanOrEqualTo(FAULT_FLOOR);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    /**
     * Can fail: the database unreachable for the hold, so that orders fail. The shop's own error budget (under 1 %
     * failed requests) is blown and the drill fails naming that assertion and its value, beside the drill's own
     * error-rate objective on the same phase.
     */
    @Test
    @Load
    void theShopsOwnAssertionMissedFailsTheDrillNamingIt(DrillRunner runner, Stack stack) {
        Drill databaseDown = CHECKOUT.toBuilder().id("checkout-load-database-down").title("Checkout under load, database down (must fail)")
                .withoutFaults().fault(Faults.down("postgres"))
                .expectFailure("gatling-assertions(CheckoutSimulation)", "error-rate(load, during)").build();

        DrillResult result = runner.run(databaseDown, stack);

        System.out.println("checkout-load-database-down: " + result.reason());
        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        assertThat(result.reason()).contains("Gatling assertions of CheckoutSimulation (whole run) were ")
                .contains("missed: Global: percentage of failed events is less than 1.0 (actual ");
        assertThat(result.measurements().phaseStats("load/place order", Phase.DURING).orElseThrow().errors())
                .as("orders failed while the database was down").isPositive();
    }
}
