package dev.firedrill.report.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Drill;
import dev.firedrill.DrillBrokenException;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.HarnessClock;
import dev.firedrill.Injection;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Objective;
import dev.firedrill.Observation;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import dev.firedrill.Probe;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Slos;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.SyntheticDrills;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run files Allure reads: categories matched against the messages the engine really produces
 * (objectives judged by the real {@code Slos}, broken reasons from a real {@link DrillRunner}), and
 * environment and executor with every value masked.
 */
class AllureRunFilesTest {

    private static final SystemUnderTest NO_SYSTEM = new SystemUnderTest() {
        @Override
        public Set<String> services() {
            return Set.of();
        }

        @Override
        public dev.firedrill.Endpoint endpoint(String service, int port) {
            throw new UnsupportedOperationException("no endpoints in this test");
        }

        @Override
        public Map<String, String> environment(String service) {
            return Map.of();
        }
    };

    private final ManualClock clock = new ManualClock();

    /** The categories a status message lands in, matched as Allure 2 does (whole message, DOTALL). */
    private static List<String> categoriesOf(String status, String message) {
        List<String> names = new ArrayList<>();
        for (AllureRunFiles.Category c : AllureRunFiles.categories()) {
            if (c.matchedStatuses().contains(status) && Pattern.compile(c.messageRegex(), Pattern.DOTALL).matcher(message).matches()) {
                names.add(c.name());
            }
        }
        return names;
    }

    private DrillMeasurements measurements(Duration rto, LedgerReport ledger, PhaseStats during) {
        Timeline timeline = new Timeline(clock);
        TimePoint t = clock.now();
        Map<String, RecoveryMeasurement> recovery = Map.of("write",
                new RecoveryMeasurement("write", Duration.ofMillis(100), rto, rto, t, t, t));
        Map<Phase, PhaseStats> phases = new EnumMap<>(Phase.class);
        if (during != null) {
            phases.put(Phase.DURING, during);
        }
        return new DrillMeasurements(recovery, ledger, Map.of("write", phases), timeline);
    }

    /** The test's status message when a drill fails one objective: what DrillAssertions puts in its AssertionError. */
    private static String failureMessage(Objective objective, DrillMeasurements m) {
        var judged = objective.judge(m);
        assertThat(judged.passed()).as("the objective is missed in this example").isFalse();
        return "[Drill D01 (API service down)] \nExpecting all objectives met, but:\n  - " + judged.message()
                + "\nThe runner's account: Drill D01 missed 1 objective after fault kill(ledger):\n  - " + judged.message();
    }

    @Test
    void anRtoMissIsRtoExceededAndNothingElse() {
        String message = failureMessage(Slos.rto("write", Duration.ofSeconds(45)), measurements(Duration.ofSeconds(50), null, null));

        assertThat(categoriesOf("failed", message)).containsExactly("RTO exceeded");
    }

    @Test
    void aNeverRecoveredPathIsRtoExceeded() {
        String message = failureMessage(Slos.rto("write", Duration.ofSeconds(45)), measurements(null, null, null));

        assertThat(categoriesOf("failed", message)).containsExactly("RTO exceeded");
    }

    @Test
    void lostWritesAndTheRpoWindowAreDataLost() {
        LedgerReport ledger = new LedgerReport(100, 100, 100, 0, 0, List.of(3L, 4L), 0, 0, 0, 0, 2,
                Duration.ofMillis(1_500), 0, null, null, null, List.of());
        DrillMeasurements m = measurements(Duration.ofSeconds(5), ledger, null);

        assertThat(categoriesOf("failed", failureMessage(Slos.noAcknowledgedWritesLost(), m))).containsExactly("data lost");
        assertThat(categoriesOf("failed", failureMessage(Slos.rpoWindowAtMost(Duration.ofMillis(100)), m)))
                .containsExactly("data lost");
    }

    @Test
    void anErrorRateOrLatencyMissNamesItsPhase() {
        PhaseStats during = new PhaseStats(Phase.DURING, 100, 30, 0.3, 10, Duration.ofMillis(20), Duration.ofMillis(900),
                Duration.ofMillis(1500));
        DrillMeasurements m = measurements(Duration.ofSeconds(5), null, during);

        assertThat(categoriesOf("failed", failureMessage(Slos.errorRateBelow("write", Phase.DURING, 0.01), m)))
                .containsExactly("SLO breached in during");
        assertThat(categoriesOf("failed", failureMessage(
                Slos.latencyPercentileBelow("write", Phase.DURING, 95, Duration.ofMillis(500)), m)))
                .containsExactly("SLO breached in during");
    }

    @Test
    void aFaultWithoutEffectAndAHarnessErrorAreTellApartOnTheRunnersOwnReasons() {
        DrillRunner runner = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> { });
        Drill base = Drill.builder("C1", "categories").probe(s -> alwaysHealthy()).steadyRun(2)
                .hold(Duration.ZERO).settle(Duration.ZERO).afterWindow(Duration.ZERO)
                .objective(Slos.rto("write", Duration.ofSeconds(5))).build();
        Drill noEffect = base.toBuilder().fault(fault(() -> {
            throw new FaultNotEffectiveException("kill(ledger): the service still answers");
        })).build();
        Drill harnessError = base.toBuilder().id("C2").fault(fault(() -> {
            throw new IllegalStateException("Docker said no");
        })).build();

        String noEffectMessage = brokenMessage(runner, noEffect);
        String harnessMessage = brokenMessage(runner, harnessError);

        assertThat(categoriesOf("broken", noEffectMessage)).containsExactly("fault did not take effect");
        assertThat(categoriesOf("broken", harnessMessage)).containsExactly("harness error");
    }

    @Test
    void aPassedDrillLandsInNoCategory() {
        assertThat(categoriesOf("passed", "anything")).isEmpty();
    }

    private static String brokenMessage(DrillRunner runner, Drill drill) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(() -> runner.run(drill, NO_SYSTEM), DrillBrokenException.class);
        assertThat(thrown).as("drill %s is broken", drill.id()).isNotNull();
        assertThat(thrown.result().verdict()).isEqualTo(Verdict.BROKEN);
        return thrown.getMessage();
    }

    private static Fault fault(Runnable inject) {
        return new Fault() {
            @Override
            public String name() {
                return "kill(ledger)";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                inject.run();
                return () -> { };
            }
        };
    }

    private static Probe alwaysHealthy() {
        return new Probe() {
            @Override
            public String path() {
                return "write";
            }

            @Override
            public Running start(Timeline timeline) {
                Thread t = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        timeline.record(new Observation("write", timeline.clock().now(), Duration.ofMillis(1), true, "201"));
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "healthy-probe");
                t.setDaemon(true);
                t.start();
                return new Running() {
                    @Override
                    public String path() {
                        return "write";
                    }

                    @Override
                    public long observations() {
                        return timeline.observations("write").size();
                    }

                    @Override
                    public void close() {
                        t.interrupt();
                    }
                };
            }
        };
    }

    @Test
    void writesCategoriesEnvironmentAndExecutorWithSecretsMasked(@TempDir Path dir) throws IOException {
        RunInfo base = SyntheticDrills.run(dir);
        RunInfo run = new RunInfo(base.id(), base.startedAt(), base.folder(), base.commit(), base.host(), base.engine(),
                Map.of("postgres", "sha256:aaa", "ledger", "image-with-" + SyntheticDrills.PASSWORD));

        AllureRunFiles.write(dir, run, Set.of(SyntheticDrills.PASSWORD));

        JsonNode categories = new ObjectMapper().readTree(dir.resolve("categories.json").toFile());
        assertThat(categories).extracting(c -> c.get("name").asText())
                .contains("RTO exceeded", "data lost", "SLO breached in during", "SLO breached in after",
                        "fault did not take effect", "harness error");
        Properties env = new Properties();
        env.load(new StringReader(Files.readString(dir.resolve("environment.properties"))));
        assertThat(env.getProperty("run.id")).isEqualTo(SyntheticDrills.RUN_ID);
        assertThat(env.getProperty("commit")).isEqualTo("0123abc");
        assertThat(env.getProperty("container.engine")).isEqualTo("Docker 20.10.24 (API 1.41)");
        assertThat(env.getProperty("image.postgres")).isEqualTo("sha256:aaa");
        assertThat(env.getProperty("image.ledger")).isEqualTo("image-with-****");
        JsonNode executor = new ObjectMapper().readTree(dir.resolve("executor.json").toFile());
        assertThat(executor.get("name").asText()).isEqualTo("Firedrill on drill-host");
        assertThat(executor.get("buildName").asText()).contains(SyntheticDrills.RUN_ID).contains("0123abc");
        for (String file : List.of("categories.json", "environment.properties", "executor.json")) {
            assertThat(Files.readString(dir.resolve(file))).doesNotContain(SyntheticDrills.PASSWORD);
        }
    }
}
