package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Objective;
import dev.firedrill.ReleaseChange;
import dev.firedrill.Verdict;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.measure.ErrorRateDetector;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.monitoring.AlertWatch;
import dev.firedrill.monitoring.MonitoringSettings;
import dev.firedrill.monitoring.PromqlProbe;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.release.Migrations;
import dev.firedrill.release.ReleaseSteps;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D13, bad release, rollback by image (seeds 004 §Scenario 5, 001 §Quick Rollback), on drills/stacks/versions.yml with
 * the monitoring overlay: release 2.0.0 deployed as runbook 001 deploys one, its defect failing about a fifth of the
 * writes; when the error-rate detector fires (counted once the release took effect) the drill rolls back by image
 * (:bad, :previous -> :latest, recreate) and checks health. Prometheus's own 5xx count cross-checks the detector.
 * The Java form of drills/D13-bad-release-rollback.yml, and its can-fail variant.
 */
@Drills(compose = {"drills/stacks/versions.yml", "docker-compose.monitoring.yml"})
class BadReleaseRollbackDrill {

    static final String PROMETHEUS_PATH = "errors-seen-by-prometheus";
    static final String WRITES = "job=\"ledger\", route=\"/entries\", method=\"POST\"";
    static final String FIVE_PERCENT_5XX = "vector(1) unless (\n  sum(rate(ledger_http_requests_total{" + WRITES + ", status=~\"5..\"}[5s]))\n"
            + "    / sum(rate(ledger_http_requests_total{" + WRITES + "}[5s])) > 0.05)";

    static Drill d13() {
        Duration second = Duration.ofSeconds(1);
        return Drill.builder("D13", "Bad release, rollback by image")
                .suites("regression")
                .runbook("004 §Scenario 5; 001 §Quick Rollback")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .probe(new PromqlProbe(PROMETHEUS_PATH, FIVE_PERCENT_5XX, "prometheus", 9090, Duration.ofMillis(250)))
                .probe(AlertWatch.shipped().with(MonitoringSettings.asShipped().every(second)))
                .steadyRun(40)
                .workload(Workloads.ledgerWriter())
                .fault(ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0"))
                .recoverWhen(new ErrorRateDetector(Duration.ofSeconds(10), 50, 0.05, ErrorRateDetector.defaults().latencyObjective())
                        .on("write").fromEffect())
                .hold(Duration.ofSeconds(60))   // with a trigger: the longest wait for detection
                .recovery(ReleaseSteps.rollback("ledger"))
                .recovery(Recoveries.healthChecks("ledger", 8080, 5, second))
                .objective(Slos.outageExpected("write"))
                .objective(Slos.outageExpected(PROMETHEUS_PATH))
                .objective(Slos.detectionWithin("write", Duration.ofSeconds(20)))
                .objective(Objective.from("Firedrill's target; runbook 001 §Quick Rollback allows 5 min", Slos.rto("write", Duration.ofSeconds(45))))
                .objective(Slos.rto(PROMETHEUS_PATH, Duration.ofSeconds(60)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** As the file's setup: release 1.0.0 on schema 0003, whichever drill ran before. */
    @BeforeEach
    void release100OnSchema0003(Stack stack) {
        ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0").run(stack);
        Migrations.migrate("0003").run(stack);
        DrillRuns.warmUp(stack);
    }

    @Test
    @Timeout(300)
    @dev.firedrill.junit.WrittenAsFile("drills/D13-bad-release-rollback.yml")
    void d13RollsBackByImageWhenTheErrorRateDetectorFires(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(d13(), stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        List<String> releases = result.measurements().timeline().events().stream().filter(e -> ReleaseChange.NOTE.equals(e.kind()))
                .map(e -> e.detail()).toList();
        assertThat(releases).anyMatch(d -> d.startsWith("ledger: firedrill/ledger:1.0.0@sha256:") && d.contains(" -> firedrill/ledger:2.0.0@sha256:"));
        assertThat(releases).anyMatch(d -> d.startsWith("ledger: firedrill/ledger:2.0.0@sha256:") && d.contains(" -> firedrill/ledger:latest@sha256:"));
        ServiceImages images = stack.require(ServiceImages.class, "the test");
        assertThat(images.running("ledger").id()).as("rolled back to 1.0.0's image").isEqualTo(images.resolve("firedrill/ledger:1.0.0").id());
    }

    /** Can fail: the bad release with no rollback keeps failing a fifth of the writes; the drill must miss its RTO. */
    @Test
    @Regression
    @Timeout(300)
    void d13FailsWithoutTheRollback(DrillRunner runner, Stack stack) {
        Drill noRollback = d13().toBuilder().id("D13-no-rollback").title("Bad release, no rollback (must fail)")
                .withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("rto(write)").build();
        DrillResult result = runner.execute(noRollback, stack);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("RTO of path 'write'");
        ServiceImages images = stack.require(ServiceImages.class, "the test");
        assertThat(images.running("ledger").id()).as("the bad release is undone after the drill").isEqualTo(images.resolve("firedrill/ledger:1.0.0").id());
    }
}
