package dev.firedrill.monitoring;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection timed by the system's own monitoring, on the monitored reference stack: the service killed at a known
 * instant (the drill's {@code disruption}), the runbook's {@code APIDown} rule (for 1m) sped up 12 times to 5 s, scrape
 * and evaluation every 1 s. Prometheus sees the kill at its first failed scrape ({@code up == 0}), the next evaluation
 * makes the alert pending (activeAt), and the first evaluation 5 s after that fires it. So the firing is dated within
 * [5 s, 5 s + 2 scrape intervals + 1 evaluation interval] of the instant the service died (the engine's {@code die}
 * event), at least 5 s after the kill was issued, and between 5 s and 5 s + 3 evaluation intervals after Prometheus's
 * own first {@code up == 0} sample,
 * which is itself after the kill (or, for a scrape the kill cut short, at most one interval before). Prometheus dates its
 * samples and evaluations by their schedule, so these hold on a busy machine too, where the kill itself may take a while
 * to act. Alertmanager must deliver it to the drill's receiver, the resolution must follow the restart, and the detection
 * becomes the drill's detection figure.
 *
 * <p>Then the can-fail variant: a rule whose job label is wrong never fires, and the objective names the alert, the
 * expression and the last value Prometheus returned for it.
 */
@Timeout(240)
class AlertDetectionIT {

    private static final HarnessClock CLOCK = HarnessClock.system();
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration HOLD = Duration.ofSeconds(5);
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.monitoredCompose()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static MonitoringSettings scaled(List<String> rules) {
        return new MonitoringSettings(MonitoringSettings.PROMETHEUS_CONFIG, rules, MonitoringSettings.ALERTMANAGER_CONFIG, INTERVAL,
                null, INTERVAL, 12, INTERVAL, INTERVAL);
    }

    private static Drill.Builder killDrill(String id, MonitoringSettings settings) {
        return Drill.builder(id, "APIDown fires for a killed service")
                .probe(Probes.write("ledger", 8080))
                .probe(AlertWatch.shipped().with(settings))
                .fault(Faults.kill("ledger"))
                .hold(HOLD.plusSeconds(3))
                .recovery(Recoveries.restart("ledger"))
                .afterWindow(Duration.ofSeconds(8))
                .recoveryBudget(Duration.ofSeconds(60));
    }

    private static DrillResult run(Drill drill) {
        Path out = Path.of("target", "alert-detection");
        return new DrillRunner(CLOCK, DrillAnalysis::analyse, (r, recording) -> {
            try {
                Files.createDirectories(out);
                recording.timeline().exportJsonLines(out.resolve(drill.id() + "-timeline.jsonl"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).execute(drill, stack);
    }

    @Test
    void firingIsDatedWithinTheRuleHoldPlusTwoScrapesAndAnEvaluationOfTheKill() {
        DeathWatch deaths = watchDeaths(stack.containerId("ledger"));
        Drill drill = killDrill("alert-detection", scaled(List.of(MonitoringSettings.RULES)))
                .objective(new AlertFiresObjective("APIDown", Map.of("severity", "critical"), Duration.ofSeconds(15), true, true))
                .objective(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofSeconds(20)))
                .objective(AlertObjectives.noAlert("PostgresDown", Map.of()))
                .build();
        DrillResult result;
        try (deaths) {
            result = run(drill);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println("alert detection, Prometheus's own samples (ms from the kill=value): " + samplesAroundTheKill(result));
        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASSED);
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        AlertHistory history = AlertHistory.of(result.measurements().timeline());
        Duration fired = history.first(AlertEvent.Source.PROMETHEUS, "firing", "APIDown", Map.of(), disruption).orElseThrow().at().since(disruption);
        Duration rule = Duration.ofSeconds(5);
        Duration died = deaths.firstAfter(disruption);
        Duration firstDown = firstDownSample(disruption);
        System.out.println("alert detection: the engine saw the service die " + died.toMillis() + " ms after the kill was issued; Prometheus's"
                + " first up == 0 sample " + firstDown.toMillis() + " ms after the kill; APIDown fired "
                + fired.toMillis() + " ms after the kill, " + fired.minus(firstDown).toMillis() + " ms after that sample; "
                + result.objectives().stream().map(ObjectiveResult::message).toList());
        // A scrape that began just before the kill and failed with it is dated at its start: at most one interval early.
        assertThat(firstDown).as("Prometheus's first up == 0 sample, from the kill").isGreaterThan(INTERVAL.negated());
        assertThat(fired).as("firing, from the kill").isGreaterThanOrEqualTo(rule);
        // The bound a rule of this shape allows, from the instant the service died (the engine's own die event; on a
        // busy machine the kill itself may take a while to act, which the drill's disruption rightly includes).
        assertThat(fired.minus(died)).as("firing, from the engine's die event").isBetween(rule, rule.plus(INTERVAL.multipliedBy(2)).plus(INTERVAL));
        assertThat(fired.minus(firstDown)).as("firing, from the first up == 0 sample").isBetween(rule, rule.plus(INTERVAL.multipliedBy(3)));
        assertThat(history.first(AlertEvent.Source.DELIVERED, "firing", "APIDown", Map.of(), disruption)).as("delivered").isPresent();
        assertThat(history.settings().orElseThrow()).contains("rules sped up 12x").contains("APIDown for 1m -> 5s");
        assertThat(result.measurements().recovery("write").orElseThrow().detection()).as("the alert is the drill's detection").isEqualTo(fired);
    }

    /**
     * Listens to the engine's {@code die} events of {@code container} from now on (the engine keeps only its last few
     * hundred events, and healthchecks alone write several a second, so they are read as they come).
     */
    private static DeathWatch watchDeaths(String container) {
        DeathWatch watch = new DeathWatch();
        org.testcontainers.DockerClientFactory.instance().client().eventsCmd().withContainerFilter(container).withEventFilter("die")
                .exec(watch);
        return watch;
    }

    private static final class DeathWatch extends com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Event> {
        private final List<Long> diedAtNanos = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onNext(com.github.dockerjava.api.model.Event event) {
            diedAtNanos.add(event.getTimeNano());
        }

        /** The first death from the kill on, as a duration from the kill being issued. */
        Duration firstAfter(TimePoint kill) {
            long killNanos = kill.wall().getEpochSecond() * 1_000_000_000L + kill.wall().getNano();
            return diedAtNanos.stream().map(n -> Duration.ofNanos(n - killNanos)).filter(d -> d.compareTo(Duration.ofSeconds(-1)) > 0)
                    .findFirst().orElseThrow(() -> new AssertionError("the engine reported no die event of the killed service after the kill"));
        }
    }

    /** When Prometheus first stored {@code up{job="ledger"} == 0} after the kill, from the kill. */
    private static Duration firstDownSample(TimePoint kill) {
        var body = Http.getJson(PrometheusApi.client(Duration.ofSeconds(2)), prometheusBase(), "/api/v1/query?query="
                + java.net.URLEncoder.encode("up{job=\"ledger\"}[3m]", java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(2), "Prometheus");
        for (var series : body.path("data").path("result")) {
            for (var v : series.path("values")) {
                long ms = Math.round(v.path(0).asDouble() * 1000) - kill.wall().toEpochMilli();
                if (ms >= -1000 && "0".equals(v.path(1).asText())) {
                    return Duration.ofMillis(ms);
                }
            }
        }
        throw new AssertionError("Prometheus stored no up{job=\"ledger\"} == 0 sample after the kill");
    }

    private static java.net.URI prometheusBase() {
        return new PrometheusApi(stack.endpoint("prometheus", 9090).httpUri(), Duration.ofSeconds(2)).base();
    }

    /** up and scrape_duration_seconds of the ledger job from 3 s before to 12 s after the kill, as Prometheus stored them. */
    private static String samplesAroundTheKill(DrillResult result) {
        TimePoint kill = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        StringBuilder out = new StringBuilder();
        for (String metric : List.of("up", "scrape_duration_seconds")) {
            out.append(metric).append(':');
            var body = Http.getJson(PrometheusApi.client(Duration.ofSeconds(2)), prometheusBase(), "/api/v1/query?query="
                    + java.net.URLEncoder.encode(metric + "{job=\"ledger\"}[3m]", java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(2),
                    "Prometheus");
            for (var series : body.path("data").path("result")) {
                for (var v : series.path("values")) {
                    long ms = Math.round(v.path(0).asDouble() * 1000) - kill.wall().toEpochMilli();
                    if (ms > -3000 && ms < 12000) {
                        out.append(' ').append(ms).append('=').append(v.path(1).asText());
                    }
                }
            }
            out.append("; ");
        }
        return out.toString();
    }

    /**
     * The receiver runs beside the services, labelled with the run, keeps a notification with the instant it arrived,
     * and is gone once closed.
     */
    @Test
    void theReceiverIsAHelperOnTheStackNetworkDatingEachNotificationOnArrival() throws Exception {
        dev.firedrill.Timeline timeline = new dev.firedrill.Timeline(CLOCK);
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        java.util.function.Supplier<List<com.github.dockerjava.api.model.Container>> helpers = () -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(dev.firedrill.Owner.RUN_LABEL, stack.runId())).exec().stream()
                .filter(c -> c.getNames()[0].contains("-helper-alert-receiver-")).toList();
        TimePoint before;
        try (AlertReceiver receiver = AlertReceiver.start(stack.require(dev.firedrill.capability.HelperContainers.class, "a test"), timeline)) {
            assertThat(receiver.url()).isEqualTo("http://firedrill-alert-receiver:9095/alerts");
            assertThat(helpers.get()).hasSize(1);
            before = CLOCK.now();
            String notification = "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"APIDown\",\"job\":\"ledger\"}}]}";
            var posted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(Http.resolve(receiver.base(), AlertReceiver.PATH))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(notification)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(posted.statusCode()).isEqualTo(200);
            receiver.collect();
            receiver.collect();
        }
        TimePoint after = CLOCK.now();
        List<dev.firedrill.TimelineEvent> delivered = timeline.events().stream().filter(e -> AlertEvent.KIND.equals(e.kind())).toList();
        assertThat(delivered).as("read once, though asked twice").hasSize(1);
        assertThat(delivered.get(0).detail()).isEqualTo("delivered: APIDown{job=\"ledger\"} firing");
        assertThat(delivered.get(0).at().isBefore(before)).as("dated on arrival, not before it was sent").isFalse();
        assertThat(delivered.get(0).at().isAfter(after)).isFalse();
        assertThat(helpers.get()).as("removed when closed").isEmpty();
    }

    @Test
    void aRuleWithAWrongJobLabelNeverFiresAndTheDrillSaysWhy() throws IOException {
        Path rules = Path.of("target", "alert-detection", "wrong-job-rules.yml");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, Files.readString(ProjectFiles.root().resolve(MonitoringSettings.RULES)).replace("up{job=\"ledger\"}", "up{job=\"ledgr\"}"));
        Drill drill = killDrill("alert-detection-wrong-job", scaled(List.of(rules.toString())))
                .objective(AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(10)))
                .build();
        DrillResult result = run(drill);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAILED);
        ObjectiveResult fires = result.objectives().stream().filter(o -> o.name().equals("alert-fires(APIDown)")).findFirst().orElseThrow();
        assertThat(fires.passed()).isFalse();
        assertThat(fires.message()).contains("APIDown never fired").contains("up{job=\"ledgr\"} == 0").contains("last returned no series");
    }
}
