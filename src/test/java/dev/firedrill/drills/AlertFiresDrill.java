package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.monitoring.AlertFiresObjective;
import dev.firedrill.monitoring.AlertObjectives;
import dev.firedrill.monitoring.AlertWatch;
import dev.firedrill.monitoring.MonitoringSettings;
import dev.firedrill.monitoring.PromqlProbe;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D17, alert fires for a dead API (seed 000 §Alert Configuration, APIDown for 1m): the service is killed and held down
 * until the runbook's rule, as written, has fired; scrape and evaluation every 5 s, Alertmanager's group_wait 1 s
 * (docs/monitoring.md). The Java form of drills/D17-alert-fires-for-dead-api.yml, and its can-fail variant.
 */
@Drills(compose = {"docker-compose.drill.yml", "docker-compose.monitoring.yml"})
class AlertFiresDrill {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    static final Drill D17 = Drill.builder("D17", "Alert fires for a dead API")
            .suites("quarterly")
            .runbook("000 §Alert Configuration (APIDown for 1m); 000 §API Not Responding")
            .probe(Probes.ledgerWrite())
            .probe(new PromqlProbe("api-up", "up{job=\"ledger\"} == 1", "prometheus", 9090, Duration.ofSeconds(1)))
            .probe(AlertWatch.shipped().with(MonitoringSettings.asShipped().every(FIVE_SECONDS).grouping(Duration.ofSeconds(1), FIVE_SECONDS)))
            .workload(Workloads.ledgerWriter())
            .fault(Faults.kill("ledger"))
            .hold(Duration.ofSeconds(80))
            .recovery(Recoveries.restart("ledger"))
            .recovery(Recoveries.healthChecks("ledger", 8080, 5, Duration.ofSeconds(1)))
            .objective(Slos.outageExpected("write"))
            .objective(Objective.from("runbook 000 §Alert Configuration (for 1m) + 2 scrapes + 1 evaluation",
                    new AlertFiresObjective("APIDown", Map.of("severity", "critical"), Duration.ofSeconds(75), true, true)))
            .objective(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofSeconds(30)))
            .objective(AlertObjectives.noAlert("PostgresDown", Map.of()))
            .objective(Slos.rto("write", Duration.ofSeconds(150)))
            .objective(Slos.noAcknowledgedWritesLost())
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D17-alert-fires-for-dead-api.yml")
    void theRunbooksAlertFiresIsDeliveredAndResolves(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D17, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).lostNoAcknowledgedWrites().verify();
    }

    /**
     * Can fail: APIDown's job label misspelt (drills/monitoring/can-fail/), so the rule matches no series and never
     * fires; the drill must miss alert-fires(APIDown), naming the alert, its expression and the last value Prometheus
     * returned. The rule's minute is sped up 12 times and the intervals are 1 s, so the variant takes seconds.
     */
    @Test
    @Quarterly
    void aRuleWithAMisspeltJobLabelNeverFiresAndTheDrillSaysWhy(DrillRunner runner, Stack stack) {
        Duration second = Duration.ofSeconds(1);
        MonitoringSettings wrongJob = new MonitoringSettings(MonitoringSettings.PROMETHEUS_CONFIG,
                List.of("drills/monitoring/can-fail/alert-rules-wrong-job.yml"), MonitoringSettings.ALERTMANAGER_CONFIG, second, null, second,
                12, second, second);
        Drill variant = D17.toBuilder().id("D17-alert-wrong-job").title("Alert for a dead API with a misspelt job label")
                .withoutProbes().probe(Probes.ledgerWrite()).probe(AlertWatch.shipped().with(wrongJob))
                .hold(Duration.ofSeconds(12))
                .withoutObjective("alert-resolves(APIDown)").withoutObjective("rto(write)")
                .objective(AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(10)))
                .expectFailure("alert-fires(APIDown)").build();

        DrillResult result = runner.run(variant, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("APIDown never fired")
                .contains("up{job=\"ledgr\"} == 0").contains("last returned no series");
    }
}
