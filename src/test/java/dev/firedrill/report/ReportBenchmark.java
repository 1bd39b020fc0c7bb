package dev.firedrill.report;

import dev.firedrill.DrillResult;
import dev.firedrill.HarnessClock;
import dev.firedrill.report.allure.AllureHtml;
import dev.firedrill.report.allure.AllureHtmlReporter;
import dev.firedrill.report.allure.CatalogueDrills;
import dev.firedrill.report.allure.OfflineAllureRun;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark of reporting a whole catalogue run (a documented command, not a timed test):
 * <pre>./drill bench report [rounds]</pre>
 * Each round reports the catalogue's 16 drills as one run, through the same reporters a run uses:
 * per drill its timeline and ledger files, the two SVG charts, the evidence entry and the Allure
 * result with attachments; at the end summary.txt, summary.html, the history and its trend chart,
 * the single-file Allure HTML report, and the SHA-256 manifest signed with Ed25519. Volumes per
 * drill: 2,000 ledger operations, a read and a write probe every 20 ms (about 1,500 observations).
 * It then checks the bundle verifies and the HTML report exists, so a failure cannot pass as fast.
 * Target: the whole catalogue in ≤ 15 s.
 */
public final class ReportBenchmark {

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        AllureHtml html = AllureHtml.configured().orElseGet(ReportBenchmark::unpackedByTheBuild);
        Path root = Path.of("target", "report-benchmark").toAbsolutePath();
        KeyPair key = SigningKeys.generate();
        for (int round = 1; round <= rounds; round++) {
            round(round, root.resolve("round-" + round), html, key);
        }
    }

    private static void round(int round, Path base, AllureHtml html, KeyPair key) throws IOException {
        dev.firedrill.FileTrees.delete(base);
        Path results = base.resolve("allure-results");
        Set<String> secrets = Set.of(SyntheticDrills.PASSWORD);
        RunInfo run = new RunInfo("bench-" + round, Instant.now(), base.resolve("reports").resolve("bench-" + round),
                "0123abc", "bench-host", "Docker 20.10.24 (API 1.41)", Map.of("postgres", "sha256:aaa"));
        OfflineAllureRun allure = new OfflineAllureRun(results, secrets);
        long[] htmlNanos = new long[1];
        Reporter reporters = Reporters.of(new EvidenceReporter(HarnessClock.system(), secrets),
                new AllureDrills(allure), new ConsoleSummary(new PrintStream(OutputStream.nullOutputStream()), secrets),
                new RunHistory(), new Timed(new AllureHtmlReporter(() -> Optional.of(html), () -> results), htmlNanos),
                new BundleReporter(secrets, () -> Optional.of(key.getPrivate())));

        long t0 = System.nanoTime();
        reporters.runStarted(run);
        int drills = 0;
        for (String[] d : CatalogueDrills.CATALOGUE) {
            SyntheticDrills synthetic = new SyntheticDrills().probingEvery(20);
            DrillResult result = CatalogueDrills.as(synthetic.failedApiServiceDown(), d[0], d[1], List.of(d[2], d[3]),
                    drills % 2 == 1);
            Path folder = RunFolder.drillFolder(run, result.drillId());
            Path ledger = synthetic.writeBusyLedger(folder.resolve(RunFolder.LEDGER_FILE), 2_000);
            Path timeline = TimelineFiles.writeFor(run, result.drillId(), result.measurements().timeline(), secrets);
            DrillCharts.writeFor(run, result, ledger, secrets);
            reporters.drillFinished(run, result, new DrillArtifacts(ledger, timeline, Map.of(), Map.of(),
                    SyntheticDrills.d01Targets()));
            drills++;
        }
        long t1 = System.nanoTime();
        reporters.runFinished(run);
        long t2 = System.nanoTime();

        Path report = run.folder().resolve(AllureHtml.REPORT_FILE);
        if (!Files.isRegularFile(report)) {
            throw new IllegalStateException("No HTML report was written (" + report + "): see the warnings above");
        }
        EvidenceBundle.Verification v = EvidenceBundle.verify(run.folder(), key.getPublic());
        if (!v.ok() || v.filesChecked() < drills * 4) {
            throw new IllegalStateException("The bundle does not verify: " + v.problems() + ", " + v.filesChecked() + " files");
        }
        System.out.printf("round %d: %d drills reported in %.2f s (drills %.2f s; run end %.2f s, of which the HTML"
                        + " report %.2f s); %d files sealed and signed, HTML report %,d bytes%n",
                round, drills, (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, htmlNanos[0] / 1e9,
                v.filesChecked(), Files.size(report));
    }

    /** The command line the build unpacks ({@code mvn test-compile} runs generate-test-resources). */
    private static AllureHtml unpackedByTheBuild() {
        try (Stream<Path> homes = Files.list(Path.of("target", "allure-cli"))) {
            Path home = homes.filter(p -> p.getFileName().toString().startsWith("allure-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Allure command line in target/allure-cli: run mvn test-compile"));
            return new AllureHtml(home, Duration.ofMinutes(3));
        } catch (IOException e) {
            throw new IllegalStateException("No target/allure-cli: run mvn test-compile first", e);
        }
    }

    /** Adds the time {@code reporter} spends at the end of the run to {@code nanos[0]}. */
    private record Timed(Reporter reporter, long[] nanos) implements Reporter {
        @Override
        public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
            reporter.drillFinished(run, result, artifacts);
        }

        @Override
        public void runFinished(RunInfo run) {
            long t = System.nanoTime();
            reporter.runFinished(run);
            nanos[0] += System.nanoTime() - t;
        }
    }

    /** The Allure results of each drill, as the JUnit adapter writes them during a run. */
    private record AllureDrills(OfflineAllureRun allure) implements Reporter {
        @Override
        public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
            allure.drill(run, result, artifacts);
        }

        @Override
        public void runFinished(RunInfo run) {
            allure.finish(run);
        }
    }
}
