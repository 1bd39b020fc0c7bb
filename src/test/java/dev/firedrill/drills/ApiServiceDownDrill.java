package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.junit.Smoke;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.monitoring.AlertObjectives;
import dev.firedrill.monitoring.AlertWatch;
import dev.firedrill.monitoring.MonitoringSettings;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D01, API service down (seeds 004 §Scenario 1, 000 §API Not Responding, 002 §Service Restart):
 * the service's process is killed; after the hold it is restarted and must answer ten consecutive
 * health checks a second apart. RTO ≤ 45 s, no acknowledged write lost.
 */
@Drills(compose = {"docker-compose.drill.yml", "docker-compose.monitoring.yml"})
class ApiServiceDownDrill {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** The runbook's rules, APIDown's minute sped up 12 times to 5 s, scrape and evaluation every second. */
    static final MonitoringSettings MONITORING = MonitoringSettings.asShipped().every(SECOND).spedUp(12).grouping(SECOND, SECOND);

    static final Drill D01 = Drill.builder("D01", "API service down")
            .suites("smoke", "regression")
            .runbook("004 §Scenario 1; 000 §API Not Responding; 002 §Service Restart")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .probe(AlertWatch.shipped().with(MONITORING))
            .workload(Workloads.ledgerWriter())
            .fault(Faults.kill("ledger"))
            .hold(Duration.ofSeconds(10))
            .recovery(Recoveries.restart("ledger"))
            .recovery(Recoveries.healthChecks("ledger", 8080, 10, Duration.ofSeconds(1)))
            .objective(Slos.outageExpected("write"))
            .objective(Slos.rto("write", Duration.ofSeconds(45)))
            .objective(Slos.noAcknowledgedWritesLost())
            .objective(Objective.from("runbook 000 §Alert Configuration (for 1m, sped up 12x) + 2 scrapes + 1 evaluation",
                    AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(8))))
            .objective(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofSeconds(15)))
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D01-api-service-down.yml")
    void restartedServiceRecoversWithinRtoAndLosesNoAcknowledgedWrite(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D01, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin(Duration.ofSeconds(45)).lostNoAcknowledgedWrites().verify();
    }

    /**
     * Can fail: nobody restarts the service, so the drill fails naming the objective and the last probe answer, and
     * APIDown, which fired, never resolves.
     */
    @Test
    @Smoke
    @Regression
    void serviceThatIsNeverRestartedFailsTheRtoObjective(DrillRunner runner, Stack stack) {
        Drill neverRestarted = D01.toBuilder().id("D01-no-restart").title("API service down, never restarted")
                .withoutRecovery()
                .recoveryBudget(Duration.ofSeconds(10))
                .expectFailure("rto(write)", "alert-resolves(APIDown)").build();

        DrillResult result = runner.run(neverRestarted, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("RTO of path 'write'")
                .contains("Alert APIDown: the system never recovered")
                .contains("kill(ledger)")
                .contains("last probe at")
                .contains("container logs attached:").contains("ledger.log");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertThat(result).metAllObjectives().verify())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RTO of path 'write'").hasMessageContaining("ledger.log");
        org.assertj.core.api.Assertions.assertThat(stack.processes().isRunning("ledger"))
                .as("the kill is undone after the drill").isTrue();
    }

    /**
     * Can fail: the APIDown rule's job label is misspelt (drills/monitoring/can-fail/), so the monitoring never notices
     * the dead service; the drill must miss alert-fires(APIDown), naming the alert, its expression and what Prometheus
     * last returned for it (no series).
     */
    @Test
    @Smoke
    @Regression
    void anAlertRuleThatCannotMatchFailsTheAlertObjective(DrillRunner runner, Stack stack) {
        MonitoringSettings wrongJob = new MonitoringSettings(MONITORING.prometheusConfig(),
                java.util.List.of("drills/monitoring/can-fail/alert-rules-wrong-job.yml"), MONITORING.alertmanagerConfig(), SECOND, null, SECOND,
                12, SECOND, SECOND);
        Drill unnoticed = D01.toBuilder().id("D01-alert-wrong-job").title("API service down, the alert rule misspelt")
                .withoutProbes().probe(Probes.ledgerWrite()).probe(Probes.ledgerRead()).probe(AlertWatch.shipped().with(wrongJob))
                .expectFailure("alert-fires(APIDown)").build();

        DrillResult result = runner.run(unnoticed, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("APIDown never fired")
                .contains("up{job=\"ledgr\"} == 0").contains("last returned no series");
    }

    /**
     * Can fail: the kill hits the cache instead of the service, the write path never goes down (the service works
     * without Redis), and the drill fails on its expected outage instead of passing with an RTO of a few milliseconds.
     */
    @Test
    @Smoke
    @Regression
    void aFaultThatNeverBitesTheWritePathFailsTheExpectedOutage(DrillRunner runner, Stack stack) {
        Drill wrongTarget = D01.toBuilder().id("D01-wrong-target").title("API service down, but the kill hits the cache")
                .withoutFaults().fault(Faults.kill("redis"))
                .withoutRecovery().recovery(Recoveries.restart("redis"))
                .expectFailure("expect-outage(write)").build();

        DrillResult result = runner.run(wrongTarget, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("Path 'write' was expected to go down after the disruption")
                .contains("the fault never bit")
                .doesNotContain("RTO of path 'write'");
    }
}
