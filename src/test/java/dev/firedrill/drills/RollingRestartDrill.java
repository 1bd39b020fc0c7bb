package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Phase;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Load;
import dev.firedrill.load.LoadSettings;
import dev.firedrill.fault.Faults;
import dev.firedrill.load.Loads;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.monitoring.AlertObjectives;
import dev.firedrill.monitoring.AlertWatch;
import dev.firedrill.monitoring.MonitoringSettings;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static java.time.Duration.ofMillis;

/**
 * D14, rolling restart with zero downtime (seeds 002 §Rolling Restart, §Blue/Green exit criteria): two
 * instances {@code ledger} and {@code ledger-b} behind the nginx {@code lb}, reached through the proxy
 * {@code ledger}; under Gatling load, each instance in turn is drained (lb's configuration rewritten,
 * {@code nginx -s reload}, old workers finished), restarted, checked ready, put back. No fault: the
 * procedure is a planned change, so {@code recovery} spans it. Objectives in every phase:
 * failed requests (5xx and any other failure) < 0.1 % and p95 < 500 ms. And a planned change pages no one: on the
 * monitored stack (docs/monitoring.md), with the rules sped up 12 times (APIDown's minute holds 5 s) and scrape and
 * evaluation every 1 s, so that a real blip would page within the drill, no alert may fire.
 */
@Drills(compose = {"docker-compose.rolling.yml", "docker-compose.monitoring.yml"})
class RollingRestartDrill {

    /** Where D14's error-rate target comes from: the runbook's exit criteria of a swap (5xx below 0.1 %). */
    static final String BLUE_GREEN_EXIT = "runbook 002 §Blue/Green exit criteria";

    /** Rules sped up 12 times, scrape, evaluation and Alertmanager's grouping every 1 s: a blip longer than 5 s pages. */
    static final MonitoringSettings SPED_UP = MonitoringSettings.asShipped().spedUp(12).every(Duration.ofSeconds(1))
            .grouping(Duration.ofSeconds(1), Duration.ofSeconds(1));

    static final Drill D14 = Drill.builder("D14", "Rolling restart with zero downtime")
            .suites("load")
            .runbook("002 §Rolling Restart; 002 §Blue/Green exit criteria")
            .probe(Probes.ledgerWrite())
            .probe(AlertWatch.shipped().with(SPED_UP))
            .workload(Loads.ledger(LoadSettings.defaults().rate(30).writeShare(0.5)))
            .recovery(Recoveries.drain("lb", "ledger"))
            .recovery(Recoveries.restart("ledger"))
            .recovery(Recoveries.ready("ledger"))
            .recovery(Recoveries.putBack("lb", "ledger"))
            .recovery(Recoveries.drain("lb", "ledger-b"))
            .recovery(Recoveries.restart("ledger-b"))
            .recovery(Recoveries.ready("ledger-b"))
            .recovery(Recoveries.putBack("lb", "ledger-b"))
            .afterWindow(Duration.ofSeconds(10))
            .objective(Objective.from(BLUE_GREEN_EXIT, Slos.errorRateBelow("load", Phase.BEFORE, 0.001)))
            .objective(Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, ofMillis(500)))
            .objective(Objective.from(BLUE_GREEN_EXIT, Slos.errorRateBelow("load", Phase.RECOVERY, 0.001)))
            .objective(Slos.latencyPercentileBelow("load", Phase.RECOVERY, 95, ofMillis(500)))
            .objective(Objective.from(BLUE_GREEN_EXIT, Slos.errorRateBelow("load", Phase.AFTER, 0.001)))
            .objective(Slos.latencyPercentileBelow("load", Phase.AFTER, 95, ofMillis(500)))
            .objective(Objective.from("runbook 002 §Rolling Restart", AlertObjectives.noAlert(null, Map.of())))
            .build();

    /** Clients reach lb through the proxy 'ledger' (docs/stack.md); both instances in rotation, whatever ran before. */
    @BeforeEach
    void clientsReachTheLoadBalancer(Stack stack) {
        stack.faultProxy().orElseThrow().repoint("ledger", "lb", 8080);
        Recoveries.rotation("lb", "ledger", "ledger-b").run(stack);
    }

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D14-rolling-restart.yml")
    void restartsBothInstancesWithoutFailedRequests(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D14, stack);

        System.out.println("D14 figures: " + result.measurements().phaseStats("load", Phase.BEFORE).orElseThrow()
                + "\n  " + result.measurements().phaseStats("load", Phase.RECOVERY).orElseThrow()
                + "\n  " + result.measurements().phaseStats("load", Phase.AFTER).orElseThrow());
        org.assertj.core.api.Assertions.assertThat(result.steps()).extracting(s -> s.outcome()).containsOnly("passed");
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
    }

    /** Can fail: the same restarts without draining; requests in flight to the stopped instance fail. */
    @Test
    @Load
    void restartingWithoutDrainingFailsTheErrorObjective(DrillRunner runner, Stack stack) {
        Drill undrained = D14.toBuilder().id("D14-no-drain").title("Rolling restart without draining")
                .withoutRecovery()
                .recovery(Recoveries.restart("ledger"))
                .recovery(Recoveries.restart("ledger-b"))
                .expectFailure("error-rate(load, recovery)").build();

        DrillResult result = runner.run(undrained, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        System.out.println("D14-no-drain: " + result.reason());
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("path 'load' (phase recovery)");
    }

    /**
     * Can fail: a "rolling" restart that stops both instances at once (SIGTERM, held 12 s, then both started), so
     * the ledger job's scrape through lb fails for longer than APIDown's sped-up 5 s: the drill must miss no-alert
     * (the clients' errors may miss the error-rate objectives too; the reason names them).
     */
    @Test
    @Load
    void stoppingBothInstancesAtOncePagesSomeone(DrillRunner runner, Stack stack) {
        Drill bigBang = D14.toBuilder().id("D14-both-down").title("Rolling restart that stops both instances at once")
                .fault(Faults.stop("ledger", Duration.ofSeconds(10))).fault(Faults.stop("ledger-b", Duration.ofSeconds(10)))
                .hold(Duration.ofSeconds(12))
                .withoutRecovery()
                .recovery(Recoveries.restart("ledger")).recovery(Recoveries.restart("ledger-b"))
                .expectFailure("no-alert").build();

        DrillResult result = runner.run(bigBang, stack);

        System.out.println("D14-both-down: " + result.reason());
        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("APIDown");
    }
}
