package dev.firedrill;

import dev.firedrill.FaultEvents;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Slos;
import dev.firedrill.recovery.Recoveries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Safety rails on a fake system behind the narrow seams (probe, fault): the allow-list refuses before
 * anything starts, the stop file and the guards abort a running drill and revert its fault at once, an
 * abort of every running drill (the JVM's shutdown) reverts and still reports.
 */
class SafetyRailsTest {

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicBoolean neighbourHealthy = new AtomicBoolean(true);
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger undone = new AtomicInteger();
    private final List<DrillResult> reported = new ArrayList<>();
    private final DrillRunner runner = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> reported.add(r));

    private final SystemUnderTest system = new SystemUnderTest() {
        public Set<String> services() {
            return Set.of("fake", "neighbour");
        }

        public Endpoint endpoint(String service, int port) {
            return new Endpoint("127.0.0.1", port);
        }

        public Map<String, String> environment(String service) {
            return Map.of();
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Probe probe(String path, AtomicBoolean up) {
        return new Probe() {
            public String path() {
                return path;
            }

            public Running start(Timeline timeline) {
                AtomicLong n = new AtomicLong();
                var task = scheduler.scheduleAtFixedRate(() -> {
                    boolean ok = up.get();
                    timeline.record(new Observation(path, timeline.clock().now(), Duration.ofMillis(1), ok, ok ? "200" : "503"));
                    n.incrementAndGet();
                }, 0, 20, TimeUnit.MILLISECONDS);
                return new Running() {
                    public String path() {
                        return path;
                    }

                    public long observations() {
                        return n.get();
                    }

                    public void close() {
                        task.cancel(false);
                    }
                };
            }
        };
    }

    /** An outage of 'fake' that, when {@code spills}, takes 'neighbour' down too (a blast radius the drill did not mean). */
    private Fault outage(boolean spills) {
        return new Fault() {
            public String name() {
                return "outage(fake)";
            }

            public Injection inject(SystemUnderTest s) {
                injected.incrementAndGet();
                healthy.set(false);
                if (spills) {
                    neighbourHealthy.set(false);
                }
                AtomicBoolean once = new AtomicBoolean();
                return () -> {
                    if (once.compareAndSet(false, true)) {
                        undone.incrementAndGet();
                        healthy.set(true);
                        neighbourHealthy.set(true);
                    }
                };
            }
        };
    }

    private Drill.Builder drill(Fault fault, Duration hold) {
        return Drill.builder("S1", "fake outage").probe(s -> probe("fake", healthy)).fault(fault).hold(hold)
                .steadyRun(3).settle(Duration.ofMillis(100)).afterWindow(Duration.ofMillis(100))
                .recovery(Recovery.revertFaults()).objective(Slos.ttr("fake", Duration.ofSeconds(5)));
    }

    @Test
    void theAllowListRefusesADrillActingOutsideItBeforeAnythingStarts() {
        Drill drill = Drill.builder("S2", "kill the database").probe(s -> probe("fake", healthy))
                .fault(Faults.kill("postgres")).recovery(Recoveries.restart("postgres")).build();

        DrillResult result = runner.withSafety(SafetyRails.none().allow("ledger")).execute(drill, system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("refused by the allow-list, nothing was started: ")
                .contains("kill(postgres): acts on [postgres], not in the allow-list [ledger]")
                .contains("restart(postgres): acts on [postgres]");
        assertThat(result.steps()).isEmpty();
        assertThat(result.measurements().timeline().observations("fake")).as("no probe started").isEmpty();
    }

    @Test
    void theAllowListAdmitsWhatItNamesAndRefusesWhatItCannotKnow() {
        Drill inside = Drill.builder("S3", "t").probe(s -> probe("fake", healthy)).fault(Faults.latency("postgres", Duration.ofMillis(500)))
                .fault(Faults.after(Duration.ofSeconds(1), Faults.kill("ledger"))).recovery(Recoveries.repoint("ledger", "ledger-b", 8080)).build();
        assertThat(SafetyRails.none().allow("postgres", "ledger", "ledger-b").refusals(inside)).isEmpty();
        assertThat(SafetyRails.none().allow("postgres", "ledger").refusals(inside)).singleElement().asString()
                .contains("acts on [ledger-b]");
        assertThat(SafetyRails.none().refusals(inside)).as("no allow-list: anything goes").isEmpty();

        Drill script = Drill.builder("S4", "t").probe(s -> probe("fake", healthy)).recovery(Recoveries.script("drills/scripts/x.sh")).build();
        assertThat(SafetyRails.none().allow("ledger").refusals(script)).singleElement().asString()
                .contains("cannot be known");
    }

    @Test
    void theStopFileAbortsARunningDrillAndRevertsItsFaultAtOnce(@TempDir Path dir) throws Exception {
        Path stopFile = dir.resolve("firedrill.stop");
        DrillRunner safe = runner.withSafety(SafetyRails.none().stop(StopSignal.of(stopFile, Map.of())));
        CompletableFuture<DrillResult> running = CompletableFuture.supplyAsync(() -> safe.execute(drill(outage(false), Duration.ofSeconds(60)).build(), system));
        await(() -> injected.get() == 1, Duration.ofSeconds(20));
        Files.writeString(stopFile, "");
        long stoppedAt = System.nanoTime();
        await(() -> undone.get() == 1, Duration.ofSeconds(5));
        long revertMs = (System.nanoTime() - stoppedAt) / 1_000_000;

        DrillResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(revertMs).as("reverted soon after the stop file appeared (ms)").isLessThan(2000);
        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("drill S1 stopped: stop file " + stopFile + " exists")
                .endsWith("every injected fault was reverted: outage(fake)");
        assertThat(result.steps()).extracting(StepRecord::name).containsExactly("inject outage(fake)");
        assertThat(result.measurements().timeline().first(Marker.FAULT_REVERTED)).isPresent();
        assertThat(reported).containsExactly(result);
        assertThat(DrillRunner.activeInjections()).isZero();
    }

    /**
     * A fault whose check is slow (a refused connection through a port forwarder, ninety sessions opened): it hands
     * its undo over as soon as it acts, then checks until it has seen its effect, or until it was undone.
     */
    private Fault slowToVerify(AtomicBoolean checking) {
        Fault outage = outage(false);
        return new Fault() {
            public String name() {
                return outage.name();
            }

            public Injection inject(SystemUnderTest s) {
                return inject(s, undo -> { });
            }

            public Injection inject(SystemUnderTest s, FaultEvents applied) {
                Injection undo = outage.inject(s);
                applied.accept(undo);
                checking.set(true);
                try {
                    await(() -> undone.get() > 0, Duration.ofSeconds(60));   // the effect is "seen" only by a stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    checking.set(false);
                }
                throw new FaultNotEffectiveException(name() + ": reverted before its effect was verified");
            }
        };
    }

    @Test
    void aStopDuringAFaultsSlowCheckRevertsItWithoutWaitingForTheCheck(@TempDir Path dir) throws Exception {
        Path stopFile = dir.resolve("firedrill.stop");
        AtomicBoolean checking = new AtomicBoolean();
        DrillRunner safe = runner.withSafety(SafetyRails.none().stop(StopSignal.of(stopFile, Map.of())));
        CompletableFuture<DrillResult> running = CompletableFuture.supplyAsync(
                () -> safe.execute(drill(slowToVerify(checking), Duration.ofSeconds(60)).build(), system));
        await(checking::get, Duration.ofSeconds(20));

        Files.writeString(stopFile, "");
        await(() -> undone.get() == 1, Duration.ofSeconds(10));   // before this change: only once the check ended (60 s)

        DrillResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("drill S1 stopped: stop file " + stopFile + " exists")
                .endsWith("every injected fault was reverted: outage(fake)");
        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("inject outage(fake)");
            assertThat(step.output()).contains("reverted before its effect was verified");
        });
        assertThat(healthy.get()).isTrue();
        assertThat(DrillRunner.activeInjections()).isZero();
    }

    @Test
    void theStopVariableStopsEveryDrillBeforeItsFirstStep() {
        DrillRunner safe = runner.withSafety(SafetyRails.none().stop(StopSignal.of(null, Map.of(StopSignal.VARIABLE, "1"))));

        DrillResult result = safe.execute(drill(outage(false), Duration.ofSeconds(1)).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("drill S1 stopped: environment variable FIREDRILL_STOP=1 is set")
                .endsWith("(none had been injected)");
        assertThat(injected.get()).isZero();
        assertThat(StopSignal.of(null, Map.of(StopSignal.VARIABLE, "false")).requested()).isEmpty();
    }

    @Test
    void aGuardThatFiresAbortsTheDrillRevertsAndFailsItNamingTheGuard() {
        Guard neighbour = Guard.consecutiveFailures("neighbour", s -> probe("neighbour", neighbourHealthy), 3);
        DrillRunner safe = runner.withSafety(SafetyRails.none().guard(neighbour));
        long start = System.nanoTime();

        DrillResult result = safe.execute(drill(outage(true), Duration.ofSeconds(60)).build(), system);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("did not sit out the 60 s hold").isLessThan(Duration.ofSeconds(30));
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).startsWith("drill S1 aborted: guard 3 consecutive failures of path 'neighbour' fired")
                .contains("last answer: 503").endsWith("every injected fault was reverted: outage(fake)");
        assertThat(undone.get()).isEqualTo(1);
    }

    @Test
    void aGuardThatHoldsLetsTheDrillRunToItsVerdict() {
        Guard neighbour = Guard.consecutiveFailures("neighbour", s -> probe("neighbour", neighbourHealthy), 3);

        DrillResult result = runner.withSafety(SafetyRails.none().guard(neighbour)).execute(drill(outage(false), Duration.ofMillis(300)).build(), system);

        assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
        assertThat(result.measurements().timeline().observations("neighbour")).as("the guard's probe observed").isNotEmpty();
    }

    @Test
    void abortingEveryRunningDrillRevertsItsFaultAndStillReportsIt() throws Exception {
        CompletableFuture<DrillResult> running = CompletableFuture.supplyAsync(() -> runner.execute(drill(outage(false), Duration.ofSeconds(60)).build(), system));
        await(() -> injected.get() == 1, Duration.ofSeconds(20));

        DrillRunner.abortAll("the JVM is shutting down (Ctrl-C or SIGTERM)", Duration.ofSeconds(20));

        assertThat(undone.get()).isEqualTo(1);
        assertThat(reported).as("reported before the abort returned").hasSize(1);
        DrillResult result = running.get(5, TimeUnit.SECONDS);
        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("drill S1 interrupted: the JVM is shutting down (Ctrl-C or SIGTERM)");
        assertThat(reported).containsExactly(result);
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            Thread.sleep(20);
        }
    }
}
