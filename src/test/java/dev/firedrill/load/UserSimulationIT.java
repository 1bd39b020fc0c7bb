package dev.firedrill.load;

import com.example.shop.CheckoutSimulation;
import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.Workload;
import dev.firedrill.measure.Measurements;
import dev.firedrill.measure.RecoveryAnalysis;
import dev.firedrill.measure.Slos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A simulation of the user's own ({@link CheckoutSimulation}, unchanged: it knows nothing of Firedrill) in the background
 * against a loopback stand-in of the reference service whose answers are slow only between {@code disruption} and
 * {@code recovery-started}: every request is recorded under {@code load} and {@code load/<request name>}, the slowness
 * shows in the {@code during} phase of each request name and nowhere else, the drill's stop ends a run whose own profile
 * lasts ten minutes, and the simulation's assertions come out as one objective, met or missed naming the assertion.
 */
class UserSimulationIT {

    private static final Duration FAULT_LATENCY = Duration.ofMillis(400);
    /** Well under the fault's latency, well over the stub's normal answer even on a busy machine. */
    private static final Duration NORMAL_P95 = Duration.ofMillis(300);
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private static SimulationSettings checkout(String usersPerSecond) {
        return SimulationSettings.against("ledger", 8080).baseUrlProperty("shop.baseUrl")
                .property("shop.usersPerSecond", usersPerSecond).warmUp(Duration.ofSeconds(2)).baseline(Duration.ZERO);
    }

    @Test
    void everyRequestIsRecordedUnderItsNameJudgedPerPhaseAndTheAssertionsBesideIt(@TempDir Path drillFolder) {
        Timeline timeline = new Timeline(HarnessClock.system());
        Workload load = Loads.gatling(CheckoutSimulation.class, checkout("20"));
        assertThat(load.name()).isEqualTo("Gatling CheckoutSimulation on ledger:8080 with {shop.usersPerSecond=20}");
        assertThat(load.objectives()).extracting(Objective::name).containsExactly("gatling-assertions(CheckoutSimulation)");
        try (LedgerStub stub = new LedgerStub()) {
            Workload.Running running = load.start(stub, timeline);
            long answeredBeforeRecording = stub.requests.get();
            long stopAsked;
            try {
                stub.answerLateFor(timeline, FAULT_LATENCY, SETTLE);
            } finally {
                stopAsked = System.nanoTime();
                running.stop();
                timeline.mark(Marker.END, "drill finished");
            }
            Duration stopping = Duration.ofNanos(System.nanoTime() - stopAsked);
            System.out.println("the run ended " + stopping + " after the drill's stop");
            running.export(drillFolder);
            running.close();

            assertThat(stopping).as("the drill's stop ends a run whose own profile lasts 10 minutes").isLessThan(Duration.ofSeconds(15));
            List<Observation> all = timeline.observations("load");
            List<Observation> orders = timeline.observations("load/place order");
            List<Observation> statuses = timeline.observations("load/order status");
            assertThat(timeline.paths()).containsExactlyInAnyOrder("load", "load/place order", "load/order status");
            assertThat(all).hasSize(orders.size() + statuses.size());
            assertThat(orders).extracting(Observation::detail).containsOnly("place order 201");
            assertThat(statuses).extracting(Observation::detail).containsOnly("order status 200");
            long answered = stub.requests.get() - answeredBeforeRecording;
            assertThat((long) all.size()).as("requests recorded, of %d answered after the warm-up", answered)
                    .isBetween(answered - 5, answered);

            var measurements = Measurements.compute(timeline, null, RecoveryAnalysis.defaults(), SETTLE);
            PhaseStats orderBefore = measurements.phaseStats("load/place order", Phase.BEFORE).orElseThrow();
            PhaseStats orderDuring = measurements.phaseStats("load/place order", Phase.DURING).orElseThrow();
            PhaseStats statusAfter = measurements.phaseStats("load/order status", Phase.AFTER).orElseThrow();
            System.out.println("per-phase figures of 'load/place order': " + orderBefore + ", " + orderDuring
                    + "; of 'load/order status' after: " + statusAfter);
            assertThat(orderDuring.p50()).as("place order during the slowness").isGreaterThanOrEqualTo(FAULT_LATENCY);
            assertThat(orderBefore.p95()).as("place order before").isLessThan(NORMAL_P95);
            assertThat(statusAfter.p95()).as("order status after").isLessThan(NORMAL_P95);
            ObjectiveResult duringMissed = Slos.latencyPercentileBelow("load/place order", Phase.DURING, 95, NORMAL_P95)
                    .judge(measurements);
            assertThat(duringMissed.passed()).isFalse();
            assertThat(duringMissed.message()).contains("'load/place order'", "during");

            // the assertions judge the whole run, the slowness included: 400 ms and more on a fifth of the orders
            assertThat(timeline.events()).filteredOn(e -> e.kind().startsWith("gatling-assertion")).extracting(TimelineEvent::detail)
                    .hasSize(3).satisfiesExactly(
                            d -> assertThat(d).isEqualTo("com.example.shop.CheckoutSimulation: met: Global: percentage of failed "
                                    + "events is less than 1.0 (actual 0)"),
                            d -> assertThat(d).startsWith("com.example.shop.CheckoutSimulation: met: place order: 95th percentile "
                                    + "of response time is less than 1000.0 (actual "),
                            d -> assertThat(d).isEqualTo("com.example.shop.CheckoutSimulation: 2 judged on the whole run"));
            ObjectiveResult assertions = load.objectives().get(0).judge(measurements);
            System.out.println(assertions.message());
            assertThat(assertions.passed()).as(assertions.message()).isTrue();
            assertThat(assertions.measured()).isEqualTo("2 of 2");
            assertThat(drillFolder.resolve("gatling/gatling-report.html")).as("Gatling's report kept with the drill").isRegularFile();
        }
    }

    @Test
    void aMissedAssertionMissesTheObjectiveNamingTheAssertionAndItsValue() {
        Timeline timeline = new Timeline(HarnessClock.system());
        // The team's budget for placing an order, made impossible: 95 % within 1 ms of a service answering in 20 ms.
        Workload load = Loads.gatling(CheckoutSimulation.class, checkout("20").property("shop.orderP95Ms", "1"));
        try (LedgerStub stub = new LedgerStub()) {
            stub.latency(Duration.ofMillis(20));
            Workload.Running running = load.start(stub, timeline);
            try {
                pause(Duration.ofSeconds(2));
            } finally {
                running.stop();
                timeline.mark(Marker.END, "drill finished");
                running.close();
            }
        }
        ObjectiveResult result = load.objectives().get(0).judge(Measurements.compute(timeline, null));

        System.out.println(result.message());
        assertThat(result.passed()).isFalse();
        assertThat(result.name()).isEqualTo("gatling-assertions(CheckoutSimulation)");
        assertThat(result.measured()).isEqualTo("1 of 2");
        assertThat(result.message()).contains("missed: place order: 95th percentile of response time is less than 1.0 (actual ")
                .doesNotContain("percentage of failed events");
        assertThat(System.getProperty("shop.orderP95Ms")).as("the run's properties are the run's only").isNull();
    }

    private static void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        await("pause " + d).atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() - until >= 0);
    }
}
