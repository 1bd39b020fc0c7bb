package dev.firedrill.external;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.Verdict;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.monitoring.AlertHistory;
import dev.firedrill.monitoring.AlertWatch;
import dev.firedrill.monitoring.MonitoringSettings;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import dev.firedrill.spec.EndpointsFile;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert watch and objectives on monitoring Firedrill did not start or configure: the monitored reference stack's
 * Prometheus, Alertmanager and fault proxy reached only through an endpoints file. The team's monitoring is set up
 * beforehand (here by a watch on the stack, as a team's own deployment would have its rules loaded); the drill then
 * changes nothing, runs no receiver, and takes Alertmanager holding the alert for its receivers as its delivery.
 */
@Timeout(240)
class ExternalMonitoringIT {

    @TempDir
    Path dir;

    @Test
    void theWatchReadsAnExternalPrometheusAndAlertmanagerAndChangesNothing() throws Exception {
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.monitoredCompose()))) {
            Duration second = Duration.ofSeconds(1);
            Probe setup = AlertWatch.shipped().with(MonitoringSettings.asShipped().every(second).spedUp(12).grouping(second, second)).apply(stack);
            setup.start(new Timeline(HarnessClock.system())).close();   // the team's monitoring, as deployed before the drill

            Path endpoints = dir.resolve("endpoints.yml");
            Files.writeString(endpoints, """
                    fault-proxy: http://%s
                    services:
                      ledger: {url: "http://%s", proxy: ledger}
                      prometheus: {url: "http://%s"}
                      alertmanager: {url: "http://%s"}
                    """.formatted(stack.endpoint("proxy", 8474), stack.endpoint("ledger", 8080), stack.directEndpoint("prometheus", 9090),
                    stack.directEndpoint("alertmanager", 9093)));
            Path drill = dir.resolve("api-down.yml");
            Files.writeString(drill, """
                    id: X-EXT-ALERT
                    title: API down, the team's own monitoring
                    steady-state:
                      probes: [{probe: write}, {probe: alerts}]
                    faults:
                      - {kind: down, target: ledger}
                    hold: 10s
                    recovery:
                      - procedure: revert-faults
                    objectives:
                      - {objective: alert-fires, alert: APIDown, within: 10s}
                      - {objective: ttr, path: write, max: 30s}
                    """);
            DrillFile file = DrillFiles.read(drill);
            String configured = new dev.firedrill.monitoring.PrometheusApi(stack.directEndpoint("prometheus", 9090).httpUri(), second).configuration();

            DrillResult result = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> { })
                    .execute(file.drill(), EndpointsFile.read(endpoints));

            assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
            ObjectiveResult fires = result.objectives().stream().filter(o -> o.name().equals("alert-fires(APIDown)")).findFirst().orElseThrow();
            System.out.println("external monitoring: " + fires.message());
            assertThat(fires.message()).contains("held by Alertmanager for its receivers (delivery not observed)");
            AlertHistory history = AlertHistory.of(result.measurements().timeline());
            assertThat(history.settings().orElseThrow()).startsWith("read only");
            assertThat(result.measurements().timeline().events()).extracting(TimelineEvent::detail).noneMatch(d -> d.startsWith("delivered:"));
            assertThat(new dev.firedrill.monitoring.PrometheusApi(stack.directEndpoint("prometheus", 9090).httpUri(), second).configuration())
                    .as("the drill changed nothing in Prometheus").isEqualTo(configured);
        }
    }
}
