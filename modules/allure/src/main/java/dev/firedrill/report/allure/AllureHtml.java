package dev.firedrill.report.allure;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.firedrill.report.Secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders Allure results into one self-contained HTML file that opens from disk, with the Allure 2
 * command line ({@code allure generate --single-file}) run offline in a JVM of its own. The command
 * line comes from Maven Central ({@code io.qameta.allure:allure-commandline:<v>:zip}); the build
 * unpacks it and names its folder in {@code -Dfiredrill.allure.home} (or {@code FIREDRILL_ALLURE_HOME}).
 *
 * <p>Example: {@code AllureHtml.configured().orElseThrow().render(resultsDir, runStart, Path.of("reports/x/allure-report.html"));}
 */
public final class AllureHtml {

    /** The system property naming the unpacked Allure command line (the folder holding {@code lib/}). */
    public static final String HOME_PROPERTY = "firedrill.allure.home";
    /** The environment variable used when the property is not set. */
    public static final String HOME_VARIABLE = "FIREDRILL_ALLURE_HOME";
    /** The report's file name in a run folder. */
    public static final String REPORT_FILE = dev.firedrill.report.RunFolder.HTML_REPORT_FILE;

    /** The run-level files that belong to every report, whenever they were written. */
    private static final Set<String> RUN_FILES = Set.of(AllureRunFiles.CATEGORIES_FILE, AllureRunFiles.ENVIRONMENT_FILE,
            AllureRunFiles.EXECUTOR_FILE);
    /** File times can lag the clock by up to this much (coarse file systems). */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private final Path home;
    private final Duration timeout;

    /** Uses the command line unpacked in {@code home} (the folder with {@code lib/allure-commandline-*.jar}). */
    public AllureHtml(Path home, Duration timeout) {
        Objects.requireNonNull(home, "home must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        Path lib = home.resolve("lib");
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            if (jars.noneMatch(p -> p.getFileName().toString().startsWith("allure-commandline-"))) {
                throw new IllegalArgumentException("'" + home + "' is not an unpacked Allure command line: no"
                        + " lib/allure-commandline-*.jar in it. Unpack io.qameta.allure:allure-commandline:<version>:zip"
                        + " (mvn generate-test-resources does it into target/allure-cli) and name the allure-<version> folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + lib + ": " + e, e);
        }
        this.home = home;
    }

    /** The command line of {@code -Dfiredrill.allure.home} or {@code FIREDRILL_ALLURE_HOME}, if one is set. */
    public static Optional<AllureHtml> configured() {
        return configured(System.getProperties(), System.getenv());
    }

    static Optional<AllureHtml> configured(java.util.Properties properties, Map<String, String> environment) {
        String home = properties.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = environment.get(HOME_VARIABLE);
        }
        return home == null || home.isBlank() ? Optional.empty()
                : Optional.of(new AllureHtml(Path.of(home.strip()), Duration.ofMinutes(3)));
    }

    /**
     * Renders the results in {@code resultsDir} written since {@code since} (plus the run's categories,
     * environment and executor files) into {@code out}, replacing it atomically; returns {@code out}.
     * {@code since == null} takes every result. Throws with the command line's output when it fails.
     */
    public Path render(Path resultsDir, Instant since, Path out) {
        return render(resultsDir, since, out, Set.of());
    }

    /**
     * As {@link #render(Path, Instant, Path)}, masking {@code secretValues} (and passwords in URLs) in
     * every text file it renders, whoever wrote it: Allure's own JUnit listener writes failure
     * messages and stack traces as they are.
     */
    public Path render(Path resultsDir, Instant since, Path out, Collection<String> secretValues) {
        Objects.requireNonNull(resultsDir, "resultsDir must not be null");
        Objects.requireNonNull(out, "out must not be null");
        if (!Files.isDirectory(resultsDir)) {
            throw new IllegalArgumentException("No Allure results directory '" + resultsDir + "'");
        }
        Path work = null;
        try {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            work = Files.createTempDirectory("firedrill-allure-");
            Path results = Files.createDirectories(work.resolve("results"));
            int copied = copyResults(resultsDir, since, results, secretValues);
            if (copied == 0) {
                throw new IllegalStateException("No Allure test results in '" + resultsDir + "'"
                        + (since == null ? "" : " written since " + since) + ": nothing to render");
            }
            Path report = work.resolve("report");
            run(results, report);
            Path index = report.resolve("index.html");
            if (!Files.isRegularFile(index)) {
                throw new IllegalStateException("allure generate wrote no index.html into " + report);
            }
            Path tmp = dir.resolve("." + out.getFileName() + ".tmp");
            Files.copy(index, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the Allure report " + out + ": " + e, e);
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(work);
        }
    }

    /** Text files among the results, masked when copied. */
    private static final Set<String> TEXT_SUFFIXES = Set.of(".json", ".txt", ".log", ".svg", ".properties", ".html",
            ".xml", ".csv", ".jsonl");

    /**
     * Copies this run's results (modified at or after {@code since}, less a little slack) and the run
     * files, masking {@code secretValues} in text files (raw and as they appear escaped inside JSON).
     */
    static int copyResults(Path from, Instant since, Path to, Collection<String> secretValues) throws IOException {
        Set<String> masked = new HashSet<>();
        for (String v : secretValues) {
            masked.add(v);
            masked.add(new String(JsonStringEncoder.getInstance().quoteAsString(v)));
        }
        FileTime cutoff = since == null ? null : FileTime.from(since.minus(CLOCK_SLACK));
        int testResults = 0;
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                boolean runFile = RUN_FILES.contains(name);
                if (!runFile && cutoff != null && Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
                    continue;
                }
                if (TEXT_SUFFIXES.stream().anyMatch(name::endsWith)) {
                    Files.writeString(to.resolve(name), Secrets.mask(Files.readString(p, StandardCharsets.UTF_8), masked),
                            StandardCharsets.UTF_8);
                } else {
                    Files.copy(p, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
                if (name.endsWith("-result.json")) {
                    testResults++;
                }
            }
        }
        return testResults;
    }

    private void run(Path results, Path report) throws IOException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = home.resolve("lib") + "/*" + java.io.File.pathSeparator + home.resolve("lib").resolve("config");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx512m",
                // A short batch job: the quick compiler and the serial collector halve its CPU time on 2 cores (measured).
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, "io.qameta.allure.CommandLine",
                "generate", "--clean", "--single-file", results.toString(), "-o", report.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("APP_HOME", home.toAbsolutePath().toString());   // where it finds config/ and plugins/
        Path log = results.getParent().resolve("allure.log");
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("allure generate did not finish within " + timeout + "; output:\n"
                        + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while allure generate ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("allure generate exited with " + process.exitValue() + "; output:\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
