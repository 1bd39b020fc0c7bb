package dev.firedrill.external;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.SafetyRails;
import dev.firedrill.StopSignal;
import dev.firedrill.Verdict;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import dev.firedrill.spec.DrillPlan;
import dev.firedrill.spec.EndpointsFile;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * External mode on a system the test starts itself, outside Firedrill (a fault proxy container started
 * with Testcontainers' own module; its proxy {@code web} fronts an HTTP service): drill files drive it
 * through its endpoints only. The safety rails on that real proxy: the stop file and a guard revert the
 * fault mid-hold, the allow-list and the dry run inject nothing, and an interrupted JVM (SIGINT, as
 * Ctrl-C) reverts the fault and still writes its report.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExternalModeIT {

    private static ToxiproxyContainer proxy;
    private static ToxiproxyClient api;

    @TempDir
    Path dir;
    private Path endpoints;

    @BeforeAll
    static void startTheSystemOutsideFiredrill() throws Exception {
        proxy = new ToxiproxyContainer("ghcr.io/shopify/toxiproxy:2.12.0");
        proxy.start();
        api = new ToxiproxyClient(proxy.getHost(), proxy.getControlPort());
        // The service under drill: an HTTP service (the proxy's own API) behind the proxy 'web'.
        api.createProxy("web", "0.0.0.0:8666", "127.0.0.1:8474");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @BeforeEach
    void endpointsFile() throws Exception {
        api.reset();
        endpoints = dir.resolve("endpoints.yml");
        Files.writeString(endpoints, """
                fault-proxy: http://%s:%d
                services:
                  web: {url: "http://%s:%d", proxy: web}
                """.formatted(proxy.getHost(), proxy.getControlPort(), proxy.getHost(), proxy.getMappedPort(8666)));
    }

    private DrillFile drillFile(String hold, String extra) throws Exception {
        Path file = dir.resolve("web-down.yml");
        Files.writeString(file, """
                id: X-EXT
                title: Web service down, external
                suites: [regression]
                steady-state:
                  probes: [{probe: get, name: web, service: web, path: /version}]
                faults:
                  - kind: down
                    target: web
                hold: %s
                recovery:
                  - procedure: revert-faults
                settle: 1s
                after-window: 1s
                objectives:
                  - objective: ttr
                    path: web
                    max: 30s
                %s
                """.formatted(hold, extra));
        return DrillFiles.read(file);
    }

    private static boolean webEnabled() throws Exception {
        return api.getProxy("web").isEnabled();
    }

    private static DrillRunner runner(SafetyRails rails) {
        return new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> { }).withSafety(rails);
    }

    @Test
    void aDrillFileDrivesTheExternalSystemThroughItsEndpointsOnly() throws Exception {
        DrillFile file = drillFile("2s", "safety: {allow: [web]}");
        ExternalSystem system = EndpointsFile.read(endpoints);

        DrillResult result = runner(file.safety()).execute(file.drill(), system);

        assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
        assertThat(result.steps()).extracting(s -> s.name()).containsExactly("inject down(web)", "revert faults");
        assertThat(result.measurements().recovery("web").orElseThrow().detection()).as("the outage was seen through the endpoint").isNotNull();
        assertThat(webEnabled()).isTrue();
    }

    @Test
    void theStopFileRevertsTheActiveFaultWithinTwoSeconds() throws Exception {
        StoppedRun run = stopOnce(drillFile("120s", ""), () -> !webEnabled(), ExternalModeIT::webEnabled);
        System.out.println("External mode: stop file to proxy 'web' enabled again: " + run.revertMs() + " ms");
        assertThat(run.revertMs()).as("global stop reverts the active fault within 2 s").isLessThan(2000);
        assertThat(run.result().verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(run.result().reason()).contains("stopped: stop file").endsWith("every injected fault was reverted: down(web)");
    }

    /**
     * The stop arrives while the fault is still being checked: a 3 s latency takes a round trip of at least 3 s to
     * see, and the fault is reverted without waiting for that check to end.
     */
    @Test
    void theStopFileRevertsAFaultWhoseCheckIsStillRunning() throws Exception {
        Path slow = dir.resolve("web-slow.yml");
        Files.writeString(slow, Files.readString(drillFile("120s", "").source())
                .replace("kind: down", "kind: latency\n    latency: 3s").replace("max: 30s", "max: 60s"));
        StoppedRun run = stopOnce(DrillFiles.read(slow), () -> !webToxics().isEmpty(), () -> webToxics().isEmpty());
        System.out.println("External mode: stop file during the latency check to toxic removed: " + run.revertMs() + " ms");
        assertThat(run.revertMs()).as("reverted before the check's 3 s round trip could end").isLessThan(2000);
        assertThat(run.result().verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(run.result().reason()).contains("stopped: stop file").contains("every injected fault was reverted: latency(web");
        assertThat(run.result().steps()).singleElement().satisfies(step -> assertThat(step.output()).contains("reverted"));
    }

    /** How long a stop took to revert the fault, and how the drill ended. */
    private record StoppedRun(long revertMs, DrillResult result) {
    }

    /** Runs {@code file} with a stop file, creates it once {@code injected} holds, and times it until {@code reverted} holds. */
    private StoppedRun stopOnce(DrillFile file, Callable<Boolean> injected, Callable<Boolean> reverted) throws Exception {
        Path stopFile = dir.resolve("firedrill.stop");
        DrillRunner runner = runner(file.safety().stop(StopSignal.of(stopFile, Map.of())));
        CompletableFuture<DrillResult> running = CompletableFuture.supplyAsync(() -> runner.execute(file.drill(), EndpointsFile.read(endpoints)));
        await("fault injected").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(injected);

        Files.writeString(stopFile, "");
        long stopped = System.nanoTime();
        await("fault reverted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(reverted);
        long revertMs = (System.nanoTime() - stopped) / 1_000_000;
        return new StoppedRun(revertMs, running.get(60, TimeUnit.SECONDS));
    }

    private static List<String> webToxics() throws Exception {
        return api.getProxy("web").toxics().getAll().stream().map(t -> t.getName()).toList();
    }

    @Test
    void aFiringGuardAbortsTheDrillAndRevertsTheFault() throws Exception {
        DrillFile file = drillFile("120s", """
                safety:
                  guards:
                    - path: web
                      consecutive-failures: 5
                """);
        long start = System.nanoTime();

        DrillResult result = runner(file.safety()).execute(file.drill(), EndpointsFile.read(endpoints));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("did not sit out the 120 s hold").isLessThan(Duration.ofSeconds(100));
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("aborted: guard 5 consecutive failures of path 'web' fired");
        assertThat(webEnabled()).isTrue();
    }

    @Test
    void theAllowListAndTheDryRunInjectNothingAndFaultsNeedingAnotherCapabilitySaySo() throws Exception {
        DrillFile outside = drillFile("1s", "safety: {allow: [postgres]}");
        ExternalSystem system = EndpointsFile.read(endpoints);
        DrillResult refused = runner(outside.safety()).execute(outside.drill(), system);
        assertThat(refused.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(refused.reason()).startsWith("refused by the allow-list").contains("down(web): acts on [web]");

        DrillPlan.DryRun dry = DrillPlan.dryRun(drillFile("1s", ""), system, StopSignal.never());
        assertThat(dry.wouldRun()).isTrue();
        assertThat(dry.text()).contains("applies: inject down(web)");
        assertThat(webEnabled()).as("the dry run touched nothing").isTrue();

        Path kill = dir.resolve("kill.yml");
        Files.writeString(kill, Files.readString(dir.resolve("web-down.yml")).replace("kind: down", "kind: kill"));
        DrillPlan.DryRun notApplicable = DrillPlan.dryRun(DrillFiles.read(kill), system, StopSignal.never());
        assertThat(notApplicable.wouldRun()).isFalse();
        assertThat(notApplicable.text()).contains("the system offers: FaultProxy")
                .contains("DOES NOT APPLY: inject kill(web) (needs ServiceProcesses): kill(web) needs the capability ServiceProcesses,"
                        + " which the external system does not offer; it offers FaultProxy");
        DrillResult broken = runner(SafetyRails.none()).execute(DrillFiles.read(kill).drill(), system);
        assertThat(broken.reason()).startsWith("drill does not apply to this system, nothing was injected");
        assertThat(api.getProxy("web").toxics().getAll()).isEmpty();
    }

    /** Ctrl-C: the drill's JVM gets SIGINT mid-hold; it reverts the fault and still writes evidence.json and summary.txt. */
    @Test
    void anInterruptedRunRevertsTheFaultAndStillWritesItsReport() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("drills"));
        drillFile("120s", "");
        Files.copy(dir.resolve("web-down.yml"), project.resolve("drills/web-down.yml"));
        Files.copy(endpoints, project.resolve("endpoints.yml"));
        Path log = dir.resolve("child.log");
        // SIGINT at its default disposition: a JVM started with SIGINT ignored (as everything below a shell's
        // background job is, "./drill test &") keeps ignoring it, and this test would wait for a revert that
        // cannot come.
        Process child = new ProcessBuilder("env", "--default-signal=INT", jdkTool("java"), "-cp", System.getProperty("java.class.path"),
                "-Dfiredrill.project.dir=" + project, "-Dfiredrill.drill.file=drills/web-down.yml",
                "-Dfiredrill.external=endpoints.yml", "-Dfiredrill.suite=", DrillFilesInChildJvm.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("fault injected by the child JVM").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !webEnabled() || !child.isAlive());
            assertThat(child.isAlive()).as("child running; its log:\n" + Files.readString(log)).isTrue();

            long interrupted = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
            try {
                await("fault reverted after SIGINT").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(ExternalModeIT::webEnabled);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("proxy 'web' still disabled 30 s after SIGINT; the child "
                        + (child.isAlive() ? "is alive, its threads:\n" + threadDump(child) : "exited with " + child.exitValue())
                        + "\nchild log:\n" + readQuietly(log), e);
            }
            long revertMs = (System.nanoTime() - interrupted) / 1_000_000;
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("child exits after SIGINT").isTrue();
            System.out.println("External mode: SIGINT to proxy 'web' enabled again: " + revertMs + " ms");

            Path reports = project.resolve("reports");
            Path evidence;
            try (Stream<Path> files = Files.walk(reports)) {
                evidence = files.filter(p -> p.getFileName().toString().equals("evidence.json")).findFirst().orElseThrow(
                        () -> new AssertionError("no evidence.json under " + reports + "; child log:\n" + readQuietly(log)));
            }
            String json = Files.readString(evidence);
            assertThat(json).as("child log:\n" + readQuietly(log)).contains("\"drill\" : \"X-EXT\"").contains("\"verdict\" : \"broken\"")
                    .contains("interrupted: the JVM is shutting down");
            assertThat(evidence.resolveSibling("summary.txt")).as("the run was finished on shutdown").exists();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The threads of a running JVM, as {@code jcmd <pid> Thread.print} gives them (for a failure message). */
    private static String threadDump(Process jvm) {
        try {
            Process jcmd = new ProcessBuilder(jdkTool("jcmd"),
                    Long.toString(jvm.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** The path of one of the running JDK's commands, such as {@code java} or {@code jcmd}. */
    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String readQuietly(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
