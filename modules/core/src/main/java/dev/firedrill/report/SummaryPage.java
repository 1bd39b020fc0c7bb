package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * {@code summary.html}: the run for a reader who is no engineer, rendered from the run's
 * {@code evidence.json} and charts. One file with everything inline (styles, SVG charts), no
 * scripts and no external resources, so it opens from disk and can be archived as it is.
 *
 * <p>Example: {@code SummaryPage.writeFor(runFolder, secrets);}
 */
public final class SummaryPage {

    public static final String FILE = "summary.html";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryPage() {
    }

    /** Renders {@code <runFolder>/evidence.json} into {@code <runFolder>/summary.html}; returns that file. */
    public static Path writeFor(Path runFolder, Collection<String> secretValues) {
        return writePage(runFolder, FILE, "summary", SummaryPage::render, secretValues);
    }

    /**
     * Renders the run's {@code evidence.json} with {@code render} into {@code <runFolder>/<file>}, masking
     * {@code secretValues}; the pages of a run (this one, the exercise record) are all written this way.
     */
    static Path writePage(Path runFolder, String file, String what, java.util.function.BiFunction<JsonNode, Path, String> render,
            Collection<String> secretValues) {
        return RunFolder.writeAtomically(runFolder.resolve(file), Secrets.mask(render.apply(evidence(runFolder, what), runFolder), secretValues));
    }

    /** The run's {@code evidence.json}; the error names what it was read for. */
    static JsonNode evidence(Path runFolder, String what) {
        try {
            return JSON.readTree(runFolder.resolve(RunFolder.EVIDENCE_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the evidence of " + runFolder + " for its " + what + ": " + e, e);
        }
    }

    static String render(JsonNode evidence, Path runFolder) {
        JsonNode run = evidence.path("run");
        JsonNode drills = evidence.path("drills");
        int passed = 0;
        int variants = 0;
        for (JsonNode d : drills) {
            passed += "passed".equals(d.path("verdict").asText()) ? 1 : 0;
            variants += "failed-as-expected".equals(d.path("verdict").asText()) ? 1 : 0;
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Firedrill run ")
                .append(e(run.path("id").asText())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}")
                .append(".drill{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}")
                .append(".passed{color:#1a7f37}.failed{color:#c62828}.broken{color:#b26a00}.skipped{color:#666}")
                .append(".failed-as-expected{color:#1a5fb4}.drill p,.drill li,td{overflow-wrap:anywhere}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}")
                .append("</style></head><body>\n");
        h.append("<h1>Disaster-recovery drills: ").append(passed).append(" of ").append(drills.size() - variants).append(" passed");
        if (variants > 0) {
            h.append("; ").append(variants).append(variants == 1 ? " can-fail variant failed as it must" : " can-fail variants failed as they must");
        }
        h.append("</h1>\n");
        h.append("<p>Run <b>").append(e(run.path("id").asText())).append("</b>, started ").append(e(run.path("started_at").asText()))
                .append(", finished ").append(e(run.path("finished_at").asText("still running"))).append(" (UTC), on ")
                .append(e(run.path("host").asText())).append(", code version ").append(e(run.path("commit").asText("unknown")))
                .append(".</p>\n");
        if (run.path("shard").isTextual()) {
            h.append("<p>Shard <b>").append(e(run.path("shard").asText())).append("</b> of suite ").append(e(run.path("suite").asText("?")))
                    .append(run.path("shard_units").isEmpty() ? ": the shard plan gave this shard no drill (an empty shard passes)."
                            : ": one part of the suite; the merged run (<code>./drill merge</code>) holds all of it.").append("</p>\n");
        }
        if (run.path("shards").isArray()) {
            h.append("<p>Merged from ").append(run.path("shards").size()).append(" shards of suite ").append(e(run.path("suite").asText("?")))
                    .append(", each verified before merging:</p>\n<ul>\n");
            for (JsonNode s : run.path("shards")) {
                h.append("<li>shard ").append(e(s.path("shard").asText())).append(": run ").append(e(s.path("run").asText()))
                        .append(" on ").append(e(s.path("host").asText())).append(", ").append(s.path("drills").asInt()).append(" drills</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<table><tr><th>Drill</th><th>What was tested</th><th>Result</th><th>Back in service after</th>"
                        + "<th>Confirmed writes lost</th></tr>\n");
        for (JsonNode d : drills) {
            String verdict = d.path("verdict").asText();
            h.append("<tr><td><a href=\"#").append(e(d.path("drill").asText())).append("\">").append(e(d.path("drill").asText()))
                    .append("</a></td><td>").append(e(d.path("title").asText())).append("</td><td class=\"").append(e(verdict))
                    .append("\">").append(e(verdictWords(verdict))).append("</td><td>").append(e(seconds(d.path("rto_ms"))))
                    .append(target(d.path("rto_target_ms"))).append("</td><td>").append(e(lost(d))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (JsonNode d : drills) {
            drill(h, d, runFolder);
        }
        if (Files.isRegularFile(runFolder.resolve(RunFolder.HTML_REPORT_FILE))) {
            h.append("<p>Every step, measurement, chart and container log: <a href=\"").append(RunFolder.HTML_REPORT_FILE)
                    .append("\">the engineers' report</a> (one file, opens from disk).</p>\n");
        }
        h.append("<p>Evidence: <code>evidence.json</code> and each drill's folder next to this page. Integrity: see "
                + "<code>signature.txt</code>; check with <code>./drill verify &lt;this folder&gt; --public-key &lt;key&gt;</code>.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void drill(StringBuilder h, JsonNode d, Path runFolder) {
        String id = d.path("drill").asText();
        String verdict = d.path("verdict").asText();
        h.append("<div class=\"drill\" id=\"").append(e(id)).append("\"><h2>").append(e(id)).append(" ")
                .append(e(d.path("title").asText())).append(": <span class=\"").append(e(verdict)).append("\">")
                .append(e(verdictWords(verdict))).append("</span></h2>\n<p>").append(e(plainStory(d))).append("</p>\n");
        failureWindows(h, d);
        if (!d.path("reason").isNull() && !d.path("reason").asText().isBlank()) {
            h.append("<p><b>Why:</b></p><pre>").append(e(d.path("reason").asText())).append("</pre>\n");
        }
        h.append("<h3>Objectives</h3><ul>\n");
        for (JsonNode o : d.path("objectives")) {
            h.append("<li class=\"").append(o.path("passed").asBoolean() ? "passed" : "failed").append("\">")
                    .append(o.path("passed").asBoolean() ? "met: " : "missed: ").append(e(o.path("name").asText()))
                    .append(", measured ").append(e(o.path("measured").asText("nothing"))).append(' ')
                    .append(e(o.path("unit").asText())).append(", target ").append(e(o.path("target").asText())).append("</li>\n");
        }
        h.append("</ul>\n<h3>Steps</h3><ol>\n");
        for (JsonNode s : d.path("steps")) {
            h.append("<li>").append(e(s.path("name").asText())).append(": ").append(e(s.path("outcome").asText()))
                    .append(" (").append(e(s.path("started_at").asText())).append(" to ").append(e(s.path("finished_at").asText()))
                    .append(")</li>\n");
        }
        h.append("</ol>\n");
        Path folder = runFolder.resolve(RunFolder.fileName(id));
        for (String chart : new String[] {DrillCharts.TIMELINE_SVG, DrillCharts.LEDGER_SVG}) {
            Path file = folder.resolve(chart);
            if (Files.isRegularFile(file)) {
                try {
                    h.append("<div>").append(Files.readString(file, StandardCharsets.UTF_8)).append("</div>\n");
                } catch (IOException ex) {
                    h.append("<p>(chart ").append(e(chart)).append(" unreadable)</p>\n");
                }
            }
        }
        h.append("</div>\n");
    }

    /** One sentence a risk committee can read. */
    static String plainStory(JsonNode d) {
        String verdict = d.path("verdict").asText();
        if ("skipped".equals(verdict) || "broken".equals(verdict)) {
            return "broken".equals(verdict)
                    ? "The drill could not be carried out as planned, so it proves nothing either way; see why below."
                    : "The drill was not run; see why below.";
        }
        StringBuilder s = new StringBuilder();
        if (measured(d.path("rto_ms"))) {
            s.append("After the failure the service was working again within ").append(seconds(d.path("rto_ms")));
            if (measured(d.path("rto_target_ms"))) {
                s.append(" (allowed: ").append(seconds(d.path("rto_target_ms"))).append(")");
            }
            s.append(". ");
            if (d.path("recovered_by_itself").asBoolean(false)) {
                s.append("No recovery procedure ran: the system recovered by itself. ");
            }
        } else if (measured(d.path("rto_target_ms"))) {
            s.append("The service did not come back within the time the drill waited. ");
        }
        if (measured(d.path("rpo_lost_writes"))) {
            String lost = lost(d);
            s.append("0".equals(lost) ? "No confirmed write was lost." : lost + " confirmed writes were lost.");
        }
        return s.toString().strip();
    }

    /**
     * The main path's failure windows from the evidence: a line with their count, total length, failures and the
     * outage as observed, then one table row per window (start, length, failures). Nothing when no path was measured.
     */
    private static void failureWindows(StringBuilder h, JsonNode d) {
        JsonNode windows = d.path("failure_windows");
        if (!windows.isArray()) {
            return;
        }
        if (windows.isEmpty()) {
            if (measured(d.path("rto_ms"))) {
                h.append("<p>The probes saw no failure after the fault.</p>\n");
            }
            return;
        }
        boolean open = !measured(windows.get(windows.size() - 1).path("duration_ms"));
        h.append("<p>The probes saw the service fail in ").append(windows.size())
                .append(windows.size() == 1 ? " window, " : " windows, ");
        if (d.path("failed_ms_total").asLong() > 0) {
            h.append(e(seconds(d.path("failed_ms_total")))).append(open ? " in the closed ones, " : " in all, ");
        }
        h.append(d.path("failures").asLong()).append(" failed requests. ");
        if (measured(d.path("outage_observed_ms"))) {
            h.append("Outage as observed (first failure to the first lasting success): ")
                    .append(e(seconds(d.path("outage_observed_ms")))).append('.');
        } else if (open) {
            h.append("The last window had not closed when the drill stopped waiting.");
        }
        h.append("</p>\n<table><tr><th>Failing from (UTC)</th><th>For</th><th>Failed requests</th></tr>\n");
        for (JsonNode w : windows) {
            h.append("<tr><td>").append(e(w.path("start").asText())).append("</td><td>")
                    .append(measured(w.path("duration_ms")) ? e(seconds(w.path("duration_ms"))) : "until the end of the drill")
                    .append("</td><td>").append(w.path("failures").asLong()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static boolean measured(JsonNode n) {
        return !n.isNull() && !n.isMissingNode();
    }

    static String lost(JsonNode d) {
        if (!measured(d.path("rpo_lost_writes"))) {
            return "not measured";
        }
        return Long.toString(d.path("rpo_lost_writes").asLong() + d.path("lost_after_disruption").asLong());
    }

    static String verdictWords(String verdict) {
        return switch (verdict) {
            case "passed" -> "passed";
            case "failed" -> "FAILED";
            case "failed-as-expected" -> "failed, as it must (a can-fail variant: the drill can fail)";
            case "broken" -> "could not be run properly";
            case "skipped" -> "not run";
            default -> verdict;
        };
    }

    static String seconds(JsonNode ms) {
        if (ms == null || ms.isNull() || ms.isMissingNode()) {
            return "not measured";
        }
        return ConsoleSummary.duration(ms.asLong());
    }

    private static String target(JsonNode ms) {
        return ms == null || ms.isNull() || ms.isMissingNode() ? "" : " (allowed " + e(seconds(ms)) + ")";
    }

    static String e(String s) {
        return Svg.escape(s);
    }
}
