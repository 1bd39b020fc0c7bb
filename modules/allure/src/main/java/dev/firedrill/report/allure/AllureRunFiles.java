package dev.firedrill.report.allure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.Phase;
import dev.firedrill.report.RunFolder;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.Secrets;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files Allure reads for a whole run, next to the test results: {@code categories.json} (how
 * failures are grouped), {@code environment.properties} and {@code executor.json} (what the run ran
 * on). Categories match the messages the engine really produces (objective messages from
 * {@code dev.firedrill.measure}, broken reasons from {@code DrillRunner}); Allure matches a
 * {@code messageRegex} against the whole status message with DOTALL, a result may land in several.
 *
 * <p>Example: {@code AllureRunFiles.write(Path.of("target/allure-results"), run, secrets);}
 */
public final class AllureRunFiles {

    /** The categories file Allure 2 reads from the results directory. */
    public static final String CATEGORIES_FILE = "categories.json";
    /** Key=value lines shown as "Environment". */
    public static final String ENVIRONMENT_FILE = "environment.properties";
    /** Who ran the report ("Executors"). */
    public static final String EXECUTOR_FILE = "executor.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One Allure category: a name, the statuses it takes, and the regex the status message must match whole. */
    public record Category(String name, List<String> matchedStatuses, String messageRegex) {
    }

    private AllureRunFiles() {
    }

    /**
     * The categories, most specific first: "RTO exceeded" (an RTO or TTR objective missed), "RTO
     * regressed against the baseline" (the gate), "data lost" (lost writes, RPO window, recovery
     * point), "SLO breached in &lt;phase&gt;" per phase (error rate or latency percentile),
     * "fault did not take effect" and "harness error" (any other broken drill).
     */
    public static List<Category> categories() {
        List<Category> c = new ArrayList<>();
        c.add(new Category("failed as it must (can-fail variants)", List.of("passed"), "failed as it must: .*"));
        c.add(new Category("RTO exceeded", List.of("failed"),
                ".*\\b(RTO|TTR) of path '[^']*' \\(phase [a-z]+\\) was [^\\n]*: missed.*"));
        c.add(new Category("RTO regressed against the baseline", List.of("failed"),
                ".*\\bRTO of path '[^']*' regressed [^\\n]*against the baseline[^\\n]*: missed.*"));
        c.add(new Category("data lost", List.of("failed"),
                ".*\\b(Lost acknowledged writes|Acknowledged writes lost before the recovery point"
                        + "|Writes present that were invoked after the recovery target|RPO window)[^\\n]*: missed.*"));
        for (Phase phase : Phase.values()) {
            c.add(new Category("SLO breached in " + phase.id(), List.of("failed"),
                    ".*\\b(Error rate|p\\d+ latency) of path '[^']*' \\(phase " + phase.id() + "\\)[^\\n]*: missed.*"));
        }
        c.add(new Category("fault did not take effect", List.of("broken", "failed"),
                ".*fault did not take effect.*"));
        c.add(new Category("harness error", List.of("broken"), "(?!.*fault did not take effect).*"));
        return List.copyOf(c);
    }

    /** Writes the three files into {@code resultsDir}; every value is masked. */
    public static void write(Path resultsDir, RunInfo run, Collection<String> secretValues) {
        RunFolder.writeAtomically(resultsDir.resolve(CATEGORIES_FILE), json(categoriesJson()));
        RunFolder.writeAtomically(resultsDir.resolve(ENVIRONMENT_FILE), environment(run, secretValues));
        RunFolder.writeAtomically(resultsDir.resolve(EXECUTOR_FILE), json(executor(run, secretValues)));
    }

    static List<Map<String, Object>> categoriesJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Category category : categories()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", category.name());
            m.put("matchedStatuses", category.matchedStatuses());
            m.put("messageRegex", category.messageRegex());
            out.add(m);
        }
        return out;
    }

    /** {@code environment.properties}: run, commit, host, container engine, Java, OS and one line per image. */
    static String environment(RunInfo run, Collection<String> secretValues) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("run.id", run.id());
        env.put("commit", run.commit() == null ? "unknown" : run.commit());
        env.put("host", run.host());
        env.put("container.engine", run.engine());
        env.put("java", System.getProperty("java.vendor", "?") + " " + System.getProperty("java.version", "?"));
        env.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?"));
        env.put("firedrill.version", firedrillVersion());
        new TreeMap<>(run.images()).forEach((service, image) -> env.put("image." + service, image));
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(escape(k)).append('=').append(escape(Secrets.mask(v, secretValues))).append('\n'));
        return sb.toString();
    }

    /** {@code executor.json}: name, type, build name and order ({@code BUILD_NUMBER} or {@code build.number} when set). */
    static Map<String, Object> executor(RunInfo run, Collection<String> secretValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "Firedrill on " + Secrets.mask(run.host(), secretValues));
        m.put("type", "firedrill");
        m.put("buildName", "run " + run.id() + (run.commit() == null ? "" : " at " + shortCommit(run.commit())));
        String order = System.getProperty("build.number", System.getenv("BUILD_NUMBER"));
        if (order != null && order.strip().matches("\\d{1,9}")) {
            m.put("buildOrder", Integer.parseInt(order.strip()));
        }
        m.put("reportName", "Firedrill drills");
        return m;
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String firedrillVersion() {
        String v = AllureRunFiles.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** Escapes what java.util.Properties would misread: backslashes, separators in keys, line breaks. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                .replace("=", "\\=").replace(":", "\\:");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write Allure run file: " + e.getOriginalMessage(), e);
        }
    }
}
