package dev.firedrill.load;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatlingAssertionsObjectiveTest {

    private static final String CHECKOUT = "com.example.shop.CheckoutSimulation";
    private static final GatlingAssertionsObjective OBJECTIVE = new GatlingAssertionsObjective(CHECKOUT);
    private static final GatlingAssertion FAILURES = new GatlingAssertion("Global: percentage of failed events is less than 1.0",
            GatlingAssertion.Outcome.MET, "0.25");
    private static final GatlingAssertion ORDERS = new GatlingAssertion(
            "place order: 95th percentile of response time is less than 1000.0", GatlingAssertion.Outcome.MISSED, "1480");

    private static ObjectiveResult judged(Timeline timeline) {
        return OBJECTIVE.judge(DrillMeasurements.empty(timeline));
    }

    @Test
    void metWhenEveryAssertionIsMet() {
        Timeline timeline = new Timeline(new ManualClock());
        GatlingAssertionsObjective.note(timeline, CHECKOUT, List.of(FAILURES));

        ObjectiveResult r = judged(timeline);

        assertThat(OBJECTIVE.name()).isEqualTo("gatling-assertions(CheckoutSimulation)");
        assertThat(r.passed()).isTrue();
        assertThat(r.measured()).isEqualTo("1 of 1");
        assertThat(r.message()).contains("met: Global: percentage of failed events is less than 1.0 (actual 0.25)");
    }

    @Test
    void missedNamingEachAssertionMissedAndItsValue() {
        Timeline timeline = new Timeline(new ManualClock());
        GatlingAssertionsObjective.note(timeline, CHECKOUT, List.of(FAILURES, ORDERS,
                new GatlingAssertion("pay: max of response time is less than 800.0", GatlingAssertion.Outcome.NOT_RESOLVED,
                        "Could not find stats matching assertion path List(pay)")));
        GatlingAssertionsObjective.note(timeline, "com.example.shop.OtherSimulation", List.of(new GatlingAssertion(ORDERS.text(), GatlingAssertion.Outcome.MET, "310")));

        ObjectiveResult r = judged(timeline);

        assertThat(r.passed()).isFalse();
        assertThat(r.measured()).isEqualTo("1 of 3");
        assertThat(r.message()).isEqualTo("Gatling assertions of CheckoutSimulation (whole run) were 1 of 3 met, target all met: missed; "
                + "missed: place order: 95th percentile of response time is less than 1000.0 (actual 1480); "
                + "not resolved: pay: max of response time is less than 800.0 (Could not find stats matching assertion path List(pay))");
    }

    @Test
    void missedWhenTheRunsAssertionsCouldNotBeEvaluated() {
        Timeline crashed = new Timeline(new ManualClock());
        GatlingAssertionsObjective.notEvaluated(crashed, CHECKOUT, "the Gatling run crashed: java.lang.IllegalStateException: boom");

        assertThat(judged(crashed).passed()).isFalse();
        assertThat(judged(crashed).measured()).isNull();
        assertThat(judged(crashed).message()).contains("could not be judged: the Gatling run crashed: java.lang.IllegalStateException: boom");
        assertThat(judged(new Timeline(new ManualClock())).passed()).as("no note at all").isFalse();
    }

    @Test
    void aSimulationWithoutAssertionsMeetsItSayingSo() {
        Timeline timeline = new Timeline(new ManualClock());
        GatlingAssertionsObjective.note(timeline, CHECKOUT, List.of());

        assertThat(judged(timeline).passed()).isTrue();
        assertThat(judged(timeline).message()).contains("declares none");
    }
}
