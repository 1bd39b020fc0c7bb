package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each drill's RTO and RPO across runs: {@code reports/history/rto-rpo.jsonl}, one line per drill per
 * finished run, only ever appended (with the drill's wall time and shard unit, which {@link ShardPlan} balances
 * by); and {@code reports/history/rto-trend.svg}, the RTO of every drill over the runs. Reads the run's {@code evidence.json}, so it comes after the evidence reporter.
 */
public final class RunHistory implements Reporter {

    public static final String FOLDER = "history";
    public static final String FILE = "rto-rpo.jsonl";
    public static final String CHART = "rto-trend.svg";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void drillFinished(RunInfo run, dev.firedrill.DrillResult result, DrillArtifacts artifacts) {
        // Appended once per run, when its evidence is final.
    }

    @Override
    public void runFinished(RunInfo run) {
        Path history = run.folder().toAbsolutePath().getParent().resolve(FOLDER);
        append(run.folder().resolve(RunFolder.EVIDENCE_FILE), history.resolve(FILE));
        RunFolder.writeAtomically(history.resolve(CHART), chart(history.resolve(FILE)));
    }

    /** Appends one line per drill of {@code evidenceFile} to {@code historyFile}. */
    public static void append(Path evidenceFile, Path historyFile) {
        try {
            JsonNode evidence = JSON.readTree(evidenceFile.toFile());
            StringBuilder lines = new StringBuilder();
            for (JsonNode d : evidence.path("drills")) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("run", evidence.path("run").path("id").asText());
                line.put("finished_at", evidence.path("run").path("finished_at").asText(null));
                line.put("commit", evidence.path("run").path("commit").asText(null));
                line.put("shard", evidence.path("run").path("shard").asText(null));
                line.put("drill", d.path("drill").asText());
                line.put("verdict", d.path("verdict").asText());
                for (String field : List.of("rto_ms", "ttr_ms", "rpo_lost_writes", "rpo_window_ms", "lost_after_disruption")) {
                    line.put(field, d.path(field).isNumber() ? d.path(field).asLong() : null);
                }
                line.put("wall_ms", wallMs(d));
                line.put("unit", d.path("unit").isTextual() ? d.path("unit").asText() : null);
                lines.append(JSON.writeValueAsString(line)).append('\n');
            }
            Files.createDirectories(historyFile.toAbsolutePath().getParent());
            Files.writeString(historyFile, lines.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to the history " + historyFile + ": " + e.getMessage(), e);
        }
    }

    /** A drill's wall time: its {@code finished_at} minus its {@code started_at}; null when either is missing. */
    static Long wallMs(JsonNode drill) {
        try {
            Instant start = Instant.parse(drill.path("started_at").asText(""));
            Instant end = Instant.parse(drill.path("finished_at").asText(""));
            return Math.max(0, Duration.between(start, end).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Each unit's last measured wall time in {@code historyFile} (for {@link ShardPlan}): the sum of {@code wall_ms} of
     * its drills in the last run (file order) that has lines of it; lines without a unit or a wall time (written before
     * they were recorded) count for nothing, nor do a shard's own lines (its merged run's lines count): shards run one
     * after another on one machine must plan as they would side by side. Empty when the file does not exist.
     */
    public static Map<String, Long> lastWallTimes(Path historyFile) {
        Map<String, String> lastRun = new LinkedHashMap<>();
        Map<String, Long> sum = new LinkedHashMap<>();
        if (!Files.isRegularFile(historyFile)) {
            return Map.of();
        }
        try {
            for (String text : Files.readAllLines(historyFile, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(text);
                if (!n.path("unit").isTextual() || !n.path("wall_ms").isNumber() || n.path("shard").isTextual()) {
                    continue;   // a shard's own lines: the shards of one suite, run one after another, must plan alike
                }
                String unit = n.path("unit").asText();
                String run = n.path("run").asText();
                if (!run.equals(lastRun.get(unit))) {
                    lastRun.put(unit, run);
                    sum.put(unit, 0L);
                }
                sum.merge(unit, n.path("wall_ms").asLong(), Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the history " + historyFile + ": " + e.getMessage(), e);
        }
        return sum;
    }

    /** The RTO of each drill over the runs in {@code historyFile} (in file order, shards left to their merged run), as SVG. */
    public static String chart(Path historyFile) {
        List<String> runs = new ArrayList<>();
        Map<String, Map<String, Long>> rtoByDrill = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(historyFile, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (n.path("shard").isTextual()) {
                    continue;   // a part of a run: its merged run is the point on the trend
                }
                String run = n.path("run").asText();
                if (!runs.contains(run)) {
                    runs.add(run);
                }
                if (n.path("rto_ms").isNumber()) {
                    rtoByDrill.computeIfAbsent(n.path("drill").asText(), k -> new LinkedHashMap<>()).put(run, n.path("rto_ms").asLong());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the history " + historyFile + ": " + e.getMessage(), e);
        }
        int w = 900;
        int top = 40;
        int h = 260;
        int left = 70;
        double max = 1;
        for (Map<String, Long> byRun : rtoByDrill.values()) {
            for (long v : byRun.values()) {
                max = Math.max(max, v / 1000.0);
            }
        }
        max = DrillCharts.niceCeiling(max);
        Svg svg = new Svg(w, 360).title("RTO per drill across runs");
        svg.text(w / 2.0, 18, "RTO per drill across runs (" + runs.size() + " runs)", 14, "middle");
        svg.line(left, top, left, top + h, "#333", 1).line(left, top + h, w - 20, top + h, "#333", 1);
        for (int k = 0; k <= 4; k++) {
            double y = top + h - h * k / 4.0;
            svg.line(left - 4, y, w - 20, y, "#ddd", 0.5).text(left - 6, y + 4, String.format(java.util.Locale.ROOT, "%.0f s", max * k / 4), 10, "end");
        }
        double step = runs.size() <= 1 ? 0 : (w - 20 - left - 20) / (double) (runs.size() - 1);
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#e377c2"};
        int i = 0;
        for (Map.Entry<String, Map<String, Long>> e : rtoByDrill.entrySet()) {
            String colour = colours[i % colours.length];
            List<double[]> points = new ArrayList<>();
            for (int r = 0; r < runs.size(); r++) {
                Long v = e.getValue().get(runs.get(r));
                if (v != null) {
                    double x = left + 10 + step * r;
                    double y = top + h - h * Math.min(1, v / 1000.0 / max);
                    points.add(new double[] {x, y});
                    svg.circle(x, y, 3, colour);
                }
            }
            svg.polyline(points, colour, 1.5);
            svg.rect(left + 10 + (i % 8) * 100, 335 + (i / 8) * 12, 14, 8, colour).text(left + 28 + (i % 8) * 100, 343 + (i / 8) * 12, e.getKey(), 11, "start");
            i++;
        }
        for (int r = 0; r < runs.size(); r++) {
            svg.text(left + 10 + step * r, top + h + 15, "#" + (r + 1), 10, "middle");
        }
        return svg.toString();
    }
}
