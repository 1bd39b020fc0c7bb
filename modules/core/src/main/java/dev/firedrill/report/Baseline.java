package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.Drill;
import dev.firedrill.Objective;
import dev.firedrill.measure.Slos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed baseline ({@code drills/baseline.json}): each drill's RTO from a reference run, and
 * the share by which a later RTO may exceed it ({@code max_rto_regression}, default 0.25; the system
 * property {@code firedrill.gate.rto-regression} overrides it). It gives every drill that has a
 * baseline the gate objective {@code rto-vs-baseline}; drills without one are not gated.
 *
 * <pre>{@code {"max_rto_regression": 0.25, "source_run": "20261204-...", "drills": {"D01": {"rto_ms": 12345}}}}</pre>
 */
public final class Baseline {

    /** Where the baseline lives, relative to the project. */
    public static final String FILE = "drills/baseline.json";
    public static final String SHARE_PROPERTY = "firedrill.gate.rto-regression";
    public static final double DEFAULT_SHARE = 0.25;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Long> rtoMsByDrill;
    private final double maxShare;

    public Baseline(Map<String, Long> rtoMsByDrill, double maxShare) {
        if (!(maxShare >= 0) || Double.isInfinite(maxShare)) {
            throw new IllegalArgumentException("max_rto_regression must be a share of 0 or more (0.25 = 25 %), was " + maxShare);
        }
        this.rtoMsByDrill = Map.copyOf(rtoMsByDrill);
        this.maxShare = maxShare;
    }

    /** The baseline in {@code file}, with the share overridden by the system property if set; none when the file is absent. */
    public static Baseline load(Path file) {
        Map<String, Long> rto = new TreeMap<>();
        double share = DEFAULT_SHARE;
        if (Files.isRegularFile(file)) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                share = root.path("max_rto_regression").asDouble(DEFAULT_SHARE);
                root.path("drills").fields().forEachRemaining(e -> {
                    if (e.getValue().path("rto_ms").isIntegralNumber()) {
                        rto.put(e.getKey(), e.getValue().path("rto_ms").asLong());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the baseline " + file + " (expected " + FILE
                        + " as written by ./drill baseline): " + e.getMessage(), e);
            }
        }
        String override = System.getProperty(SHARE_PROPERTY);
        if (override != null && !override.isBlank()) {
            try {
                share = Double.parseDouble(override.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + SHARE_PROPERTY + "=" + override + " is not a share; use e.g. 0.25 for 25 %");
            }
        }
        return new Baseline(rto, share);
    }

    /** The gate for {@code drill}: {@code rto-vs-baseline} when the baseline has its RTO, else nothing. */
    public List<Objective> objectivesFor(Drill drill) {
        Long ms = rtoMsByDrill.get(drill.id());
        return ms == null ? List.of() : List.of(Slos.rtoNoWorseThanBaseline(Duration.ofMillis(ms), maxShare));
    }

    /**
     * Writes {@code baselineFile} from a run's {@code evidence.json}: the RTO of every passed drill that
     * has one; drills of the old baseline that this run did not pass keep their old value.
     */
    public static Map<String, Object> update(Path evidenceFile, Path baselineFile) {
        try {
            JsonNode evidence = JSON.readTree(evidenceFile.toFile());
            Map<String, Object> drills = new TreeMap<>();
            double share = DEFAULT_SHARE;
            if (Files.isRegularFile(baselineFile)) {
                JsonNode old = JSON.readTree(baselineFile.toFile());
                share = old.path("max_rto_regression").asDouble(DEFAULT_SHARE);
                old.path("drills").fields().forEachRemaining(e -> drills.put(e.getKey(), JSON.convertValue(e.getValue(), Map.class)));
            }
            for (JsonNode d : evidence.path("drills")) {
                if ("passed".equals(d.path("verdict").asText()) && d.path("rto_ms").isIntegralNumber()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("rto_ms", d.path("rto_ms").asLong());
                    entry.put("run", evidence.path("run").path("id").asText());
                    drills.put(d.path("drill").asText(), entry);
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("max_rto_regression", share);
            doc.put("source_run", evidence.path("run").path("id").asText());
            doc.put("drills", drills);
            RunFolder.writeAtomically(baselineFile, JSON.writeValueAsString(doc) + "\n");
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not update the baseline " + baselineFile + " from " + evidenceFile + ": " + e.getMessage(), e);
        }
    }

    /** {@code ./drill baseline [evidence.json]}: updates {@code drills/baseline.json} from {@code reports/latest/evidence.json}. */
    public static void main(String[] args) {
        Path evidence = Path.of(args.length > 0 ? args[0] : "reports/latest/evidence.json");
        if (!Files.isRegularFile(evidence)) {
            System.err.println("No evidence at " + evidence + ": run drills first (./drill run <suite>) or name an evidence.json");
            System.exit(2);
        }
        Map<String, Object> doc = update(evidence, Path.of(FILE));
        System.out.println("wrote " + FILE + " from run " + doc.get("source_run") + ": " + ((Map<?, ?>) doc.get("drills")).keySet());
    }
}
