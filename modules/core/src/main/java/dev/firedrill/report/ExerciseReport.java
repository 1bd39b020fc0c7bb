package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.firedrill.report.SummaryPage.e;
import static dev.firedrill.report.SummaryPage.lost;
import static dev.firedrill.report.SummaryPage.measured;
import static dev.firedrill.report.SummaryPage.seconds;
import static dev.firedrill.report.SummaryPage.verdictWords;

/**
 * {@code exercise-report.html}: the record of a continuity exercise as an auditor asks for it (the items DORA's Art. 11
 * and 12 and ISO 22301 §8.5 name for each test), rendered from the run's {@code evidence.json} and charts: the date and
 * scope, per scenario its runbook section, the recovery objectives against what was measured, the data-integrity result
 * of the operation ledger, where restores ran (the images of the servers started fresh), a timeline, the deficiencies
 * found (every missed objective) with empty fields for their remediation owner and due date, the can-fail variants kept
 * apart (they prove the drills can fail, and are no deficiency), and fields for the business impact analysis reference
 * and the sign-off. One file, styles and charts inline, no scripts: it opens from disk and prints. It is sealed into the
 * run's evidence bundle with the rest ({@code signature.txt}).
 */
public final class ExerciseReport {

    public static final String FILE = "exercise-report.html";
    /** The signed-off record printed by Chromium, in {@code sign-off/} ({@link SignOff}). */
    public static final String PDF = "exercise-report.pdf";

    private static final com.fasterxml.jackson.databind.ObjectMapper TIMELINE_LINES = new com.fasterxml.jackson.databind.ObjectMapper();

    private ExerciseReport() {
    }

    /** Renders {@code <runFolder>/evidence.json} into {@code <runFolder>/exercise-report.html}; returns that file. */
    public static Path writeFor(Path runFolder, Collection<String> secretValues) {
        return SummaryPage.writePage(runFolder, FILE, "exercise report", (evidence, folder) -> render(evidence, folder, Optional.empty()),
                secretValues);
    }

    /**
     * The record; with {@code signOff} (the addendum {@code ./drill sign-off} writes) its blank fields are filled: the BIA
     * reference, remediation owners and due dates, the exercise owner and the management sign-off.
     */
    static String render(JsonNode evidence, Path runFolder, Optional<SignOff> signOff) {
        JsonNode run = evidence.path("run");
        List<JsonNode> scenarios = new ArrayList<>();
        List<JsonNode> variants = new ArrayList<>();
        for (JsonNode d : evidence.path("drills")) {
            ("failed-as-expected".equals(d.path("verdict").asText()) ? variants : scenarios).add(d);
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Continuity exercise ")
                .append(e(run.path("id").asText())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222;line-height:1.4}")
                .append("table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left;")
                .append("vertical-align:top;overflow-wrap:anywhere}th{background:#f2f2f2}")
                .append(".passed{color:#1a7f37}.failed{color:#c62828}.broken{color:#b26a00}.skipped{color:#666}.failed-as-expected{color:#1a5fb4}")
                .append(".facts th{width:16em}.blank{min-width:12em;height:1.6em}.scenario{page-break-inside:avoid;border-top:2px solid #ccc;margin-top:1.5em}")
                .append("@media print{a{color:inherit;text-decoration:none}}")
                .append("</style></head><body>\n");
        h.append("<h1>Continuity exercise record</h1>\n");
        h.append("<table class=\"facts\"><tr><th>Exercise</th><td>").append(e(run.path("id").asText())).append("</td></tr>")
                .append("<tr><th>Date (UTC)</th><td>").append(e(run.path("started_at").asText())).append(" to ")
                .append(e(run.path("finished_at").asText("not finished"))).append("</td></tr>")
                .append("<tr><th>Scope</th><td>").append(scenarios.size()).append(scenarios.size() == 1 ? " scenario" : " scenarios")
                .append(" (").append(e(String.join(", ", ids(scenarios)))).append(")").append(variants.isEmpty() ? ""
                        : "; " + variants.size() + " control run" + (variants.size() == 1 ? "" : "s") + " proving the checks can fail")
                .append("; suites ").append(e(String.join(", ", suites(scenarios)))).append("</td></tr>")
                .append("<tr><th>Systems exercised</th><td>").append(e(images(run))).append("</td></tr>")
                .append("<tr><th>Run by</th><td>Firedrill on ").append(e(run.path("host").asText())).append(", ")
                .append(e(run.path("engine").asText())).append(", code version ").append(e(run.path("commit").asText("unknown")))
                .append("</td></tr>")
                .append("<tr><th>Business impact analysis reference</th>").append(cell(bia(scenarios, signOff))).append("</tr></table>\n");

        h.append("<h2>Results against the recovery objectives</h2>\n<table><tr><th>Scenario</th><th>Runbook</th><th>Result</th>"
                + "<th>Recovery time: objective / achieved</th><th>Data loss: objective / achieved</th><th>Data integrity</th></tr>\n");
        for (JsonNode d : scenarios) {
            String verdict = d.path("verdict").asText();
            h.append("<tr><td><a href=\"#").append(e(d.path("drill").asText())).append("\">").append(e(d.path("drill").asText()))
                    .append("</a> ").append(e(d.path("title").asText())).append("</td><td>").append(e(d.path("runbook").asText("")))
                    .append("</td><td class=\"").append(e(verdict)).append("\">").append(e(verdictWords(verdict))).append("</td><td>")
                    .append(e(withPolicy(policyTarget(d, name -> name.startsWith("rto(")), pair(d.path("rto_target_ms"), d.path("rto_ms"))))).append("</td><td>").append(e(dataLoss(d, runFolder)))
                    .append("</td><td>").append(e(integrity(d))).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Deficiencies found</h2>\n");
        List<Deficiency> deficiencies = deficiencies(scenarios, runFolder);
        if (deficiencies.isEmpty()) {
            h.append("<p>None: every scenario met every objective.</p>\n");
        } else {
            h.append("<table><tr><th>Scenario</th><th>Deficiency</th><th>Remediation owner</th><th>Due</th></tr>\n");
            for (Deficiency row : deficiencies) {
                String owner = signOff.map(so -> so.owners().get(row.drill())).orElse(null);
                String due = signOff.map(so -> so.due().get(row.drill())).map(Object::toString).orElse(null);
                h.append("<tr><td>").append(e(row.scenario())).append("</td><td>").append(e(row.what())).append("</td>")
                        .append(cell(owner != null ? owner : row.owner())).append(cell(due)).append("</tr>\n");
            }
            h.append("</table>\n");
        }
        restores(h, scenarios);
        if (!variants.isEmpty()) {
            h.append("<h2>Control runs: the checks can fail</h2>\n<p>Each runs a scenario with the fix left out or done wrong, and"
                    + " must miss its objective. These failures are expected and are not deficiencies.</p>\n<ul>\n");
            for (JsonNode v : variants) {
                h.append("<li class=\"failed-as-expected\">").append(e(v.path("drill").asText())).append(" ")
                        .append(e(v.path("title").asText())).append(": missed ").append(e(String.join(", ", missed(v))))
                        .append(", as it must</li>\n");
            }
            h.append("</ul>\n");
        }

        for (JsonNode d : scenarios) {
            scenario(h, d, runFolder);
        }

        String date = signOff.map(so -> so.date().toString()).orElse(null);
        h.append("<h2>Sign-off</h2>\n<table><tr><th>Exercise owner</th>").append(cell(signOff.map(SignOff::exerciseOwner).orElse(null)))
                .append("<th>Date</th>").append(cell(signOff.map(SignOff::exerciseOwner).isPresent() ? date : null)).append("</tr>")
                .append("<tr><th>Management sign-off</th>").append(cell(signOff.map(SignOff::by).orElse(null))).append("<th>Date</th>")
                .append(cell(date)).append("</tr>");
        signOff.map(SignOff::comment).ifPresent(c -> h.append("<tr><th>Comment</th><td colspan=\"3\">").append(e(c)).append("</td></tr>"));
        h.append("</table>\n");
        signOff.ifPresent(so -> h.append("<p>Signed off for the evidence whose <code>manifest.sha256</code> has SHA-256 <code>")
                .append(e(so.manifest())).append("</code>; this addendum is checked with the bundle by <code>./drill verify</code>.</p>\n"));
        h.append("<p>Evidence: <code>evidence.json</code> and each scenario's folder next to this record; integrity: <code>signature.txt</code>,"
                + " checked with <code>./drill verify &lt;this folder&gt; --public-key &lt;key&gt;</code>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static void scenario(StringBuilder h, JsonNode d, Path runFolder) {
        String id = d.path("drill").asText();
        h.append("<div class=\"scenario\" id=\"").append(e(id)).append("\"><h2>").append(e(id)).append(" ").append(e(d.path("title").asText()))
                .append("</h2>\n<p>").append(e(SummaryPage.plainStory(d))).append("</p>\n");
        if (d.hasNonNull("bia")) {
            h.append("<p>Business impact analysis: ").append(e(d.path("bia").asText())).append("</p>\n");
        }
        h.append("<table><tr><th>Objective</th><th>Target</th><th>Target set by</th><th>Measured</th><th>Met</th></tr>\n");
        for (JsonNode o : d.path("objectives")) {
            h.append("<tr><td>").append(e(o.path("name").asText())).append("</td><td>").append(e(o.path("target").asText()))
                    .append(' ').append(e(o.path("unit").asText())).append("</td><td>").append(e(sourceWords(o.path("source").asText("drill"))))
                    .append("</td><td>").append(e(o.path("measured").asText("not measured")))
                    .append("</td><td class=\"").append(o.path("passed").asBoolean() ? "passed\">yes" : "failed\">no").append("</td></tr>\n");
        }
        h.append("</table>\n<p>Timeline: ");
        List<String> steps = new ArrayList<>();
        for (JsonNode s : d.path("steps")) {
            steps.add(s.path("name").asText() + " (" + s.path("outcome").asText() + ", " + s.path("started_at").asText() + ")");
        }
        h.append(e(steps.isEmpty() ? "no step ran" : String.join("; ", steps))).append(".</p>\n");
        Path chart = runFolder.resolve(RunFolder.fileName(id)).resolve(DrillCharts.TIMELINE_SVG);
        if (Files.isRegularFile(chart)) {
            try {
                h.append("<div>").append(Files.readString(chart, StandardCharsets.UTF_8)).append("</div>\n");
            } catch (IOException ex) {
                h.append("<p>(timeline chart unreadable)</p>\n");
            }
        }
        h.append("</div>\n");
    }

    private static List<String> ids(List<JsonNode> drills) {
        return drills.stream().map(d -> d.path("drill").asText()).toList();
    }

    private static List<String> suites(List<JsonNode> drills) {
        return drills.stream().flatMap(d -> java.util.stream.StreamSupport.stream(d.path("suites").spliterator(), false))
                .map(JsonNode::asText).distinct().sorted().toList();
    }

    private static String images(JsonNode run) {
        List<String> images = new ArrayList<>();
        for (Map.Entry<String, JsonNode> i : (Iterable<Map.Entry<String, JsonNode>>) run.path("images")::fields) {
            images.add(i.getKey() + ": " + i.getValue().asText());
        }
        return images.isEmpty() ? "a system started elsewhere (external mode) or none recorded" : String.join("; ", images);
    }

    private static String pair(JsonNode target, JsonNode achieved) {
        String t = measured(target) ? seconds(target) : "none set";
        String a = measured(achieved) ? seconds(achieved) : "not recovered or not measured";
        return t + " / " + a;
    }

    /** "policy: 4 h; drill: " before the drill's target and the achieved figure, when the DR policy sets a target too. */
    private static String withPolicy(Long policyTargetMs, String drillPair) {
        return policyTargetMs != null ? "policy: " + wholeUnits(policyTargetMs) + "; drill: " + drillPair : drillPair;
    }

    /** A target as a policy writes it: 4 h, 15 min, else in seconds. */
    private static String wholeUnits(long ms) {
        if (ms >= 3_600_000 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        return ms >= 60_000 && ms % 60_000 == 0 ? ms / 60_000 + " min" : ConsoleSummary.duration(ms);
    }

    /**
     * The DR policy's target of a measure, from the judged objectives: one whose source is the policy, named
     * {@code policy:<name>} beside the drill's own or {@code <name>} when the drill set none; null when the policy sets none.
     */
    private static Long policyTarget(JsonNode d, java.util.function.Predicate<String> measure) {
        for (JsonNode o : d.path("objectives")) {
            String name = o.path("name").asText().replaceFirst("^policy:", "");
            String target = o.path("target").asText().replaceFirst("^[^0-9]*", "").strip();
            if (o.path("source").asText().startsWith("policy ") && measure.test(name) && target.matches("\\d+")) {
                return Long.parseLong(target);
            }
        }
        return null;
    }

    private static String dataLoss(JsonNode d, Path runFolder) {
        List<String> parts = new ArrayList<>();
        if (measured(d.path("rpo_target_writes")) || measured(d.path("rpo_lost_writes"))) {
            Long policyWrites = policyTarget(d, name -> name.equals("rpo-lost-writes") || name.equals("no-acknowledged-writes-lost"));
            String policy = policyWrites != null ? "policy: at most " + policyWrites + " lost; drill: " : "";
            parts.add(policy + (measured(d.path("rpo_target_writes")) ? "at most " + d.path("rpo_target_writes").asLong() + " lost" : "none set")
                    + " / " + lost(d) + " confirmed writes lost");
        }
        if (measured(d.path("rpo_target_ms")) || measured(d.path("rpo_window_ms"))) {
            parts.add(withPolicy(policyTarget(d, name -> name.equals("rpo-window")), pair(d.path("rpo_target_ms"), d.path("rpo_window_ms")))
                    + " window");
            parts.add(cadence(d, runFolder).map(c -> c.words(d.path("rpo_window_ms"), policyTarget(d, name -> name.equals("rpo-window"))))
                    .orElse("no backup cadence in this drill: the window is not scaled"));
        }
        return parts.isEmpty() ? "not measured (no writes recorded)" : String.join("; ", parts);
    }

    private static String integrity(JsonNode d) {
        if (!measured(d.path("rpo_lost_writes"))) {
            return "not checked (no operation ledger)";
        }
        long unexpected = d.path("unexpected").asLong();
        String lost = lost(d);
        return ("0".equals(lost) ? "every confirmed write present" : lost + " confirmed writes lost (judged under data loss)")
                + (unexpected == 0 ? "; nothing unexpected" : "; " + unexpected + " unexpected writes");
    }

    /** One missed objective (or a scenario that could not be carried out), with the owner the drill names, if any. */
    private record Deficiency(String drill, String scenario, String what, String owner) {
    }

    private static List<Deficiency> deficiencies(List<JsonNode> scenarios, Path runFolder) {
        List<Deficiency> rows = new ArrayList<>();
        for (JsonNode d : scenarios) {
            String id = d.path("drill").asText();
            String who = id + " " + d.path("title").asText();
            String owner = d.hasNonNull("remediation_owner") ? d.path("remediation_owner").asText() : null;
            String verdict = d.path("verdict").asText();
            if ("broken".equals(verdict) || "skipped".equals(verdict)) {
                rows.add(new Deficiency(id, who, "the scenario could not be carried out: " + d.path("reason").asText("no reason recorded"), owner));
                continue;
            }
            for (JsonNode o : d.path("objectives")) {
                if (!o.path("passed").asBoolean()) {
                    rows.add(new Deficiency(id, who, o.path("name").asText() + ": measured " + o.path("measured").asText("nothing")
                            + ", target " + o.path("target").asText() + " " + o.path("unit").asText(), owner));
                }
            }
            Long policyWindow = policyTarget(d, name -> name.equals("rpo-window"));
            cadence(d, runFolder).filter(c -> policyWindow != null && measured(d.path("rpo_window_ms"))
                            && c.scaled(d.path("rpo_window_ms").asLong()) > policyWindow)
                    .ifPresent(c -> rows.add(new Deficiency(id, who, "the backup cadence does not meet the DR policy: "
                            + c.words(d.path("rpo_window_ms"), policyWindow) + " (a finding about the schedule; the drill's own"
                            + " objectives judge the restore at the drill's scale)", owner)));
        }
        return rows;
    }

    /**
     * The backup cadence a drill ran on, from its timeline's {@code backup-cadence} note ({@code every 20 s standing for
     * 24 h (1:4320); keep 1}): what it says, and the factor that turns the drill's seconds into the schedule's.
     */
    record Cadence(String stated, long factor) {

        static final String NOTE = "backup-cadence";
        private static final java.util.regex.Pattern SCALE = java.util.regex.Pattern.compile("\\(1:(\\d+)\\)");

        static Optional<Cadence> fromNote(String detail) {
            java.util.regex.Matcher m = SCALE.matcher(detail);
            return m.find() ? Optional.of(new Cadence(detail.substring(0, m.end()), Long.parseLong(m.group(1)))) : Optional.empty();
        }

        long scaled(long drillMs) {
            return drillMs * factor;
        }

        /** "cadence every 20 s standing for 24 h (1:4320): the window stands for 20.4 h, over the policy's 15 min". */
        String words(JsonNode windowMs, Long policyMs) {
            if (!measured(windowMs)) {
                return "cadence " + stated + ": no window measured";
            }
            long scaled = scaled(windowMs.asLong());
            String against = policyMs == null ? "" : (scaled > policyMs ? ", over" : ", within") + " the policy's " + wholeUnits(policyMs);
            return "cadence " + stated + ": the window stands for " + approximately(scaled) + against;
        }

        /** A scaled span in the unit a schedule is read in: 20.4 h, 35 min, 12 s. */
        static String approximately(long ms) {
            if (ms >= 3_600_000) {
                return String.format(java.util.Locale.ROOT, "%.1f h", ms / 3_600_000.0);
            }
            return ms >= 60_000 ? Math.round(ms / 60_000.0) + " min" : ConsoleSummary.duration(ms);
        }
    }

    private static JsonNode jsonLine(String line) {
        try {
            return TIMELINE_LINES.readTree(line);
        } catch (IOException ex) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** The drill's backup cadence, when its timeline (the evidence's {@code timeline_file}) holds one. */
    private static Optional<Cadence> cadence(JsonNode d, Path runFolder) {
        if (!d.hasNonNull("timeline_file")) {
            return Optional.empty();
        }
        Path file = runFolder.resolve(d.path("timeline_file").asText());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("\"" + Cadence.NOTE + "\""))
                    .map(ExerciseReport::jsonLine).filter(n -> Cadence.NOTE.equals(n.path("kind").asText()))
                    .map(n -> Cadence.fromNote(n.path("detail").asText())).flatMap(Optional::stream).findFirst();
        } catch (IOException | java.io.UncheckedIOException ex) {
            return Optional.empty();
        }
    }

    /** Where restores ran: each server a restore filled, its image, and how it was set up (apart from the damaged one). */
    private static void restores(StringBuilder h, List<JsonNode> scenarios) {
        List<String> rows = new ArrayList<>();
        for (JsonNode d : scenarios) {
            for (JsonNode t : d.path("restore_targets")) {
                rows.add("<tr><td>" + e(d.path("drill").asText()) + "</td><td>" + e(t.path("service").asText()) + "</td><td>"
                        + e(t.path("image").asText("not recorded")) + "</td><td>" + e(t.path("how").asText()) + "</td></tr>\n");
            }
        }
        if (!rows.isEmpty()) {
            h.append("<h2>Where restores ran</h2>\n<table><tr><th>Scenario</th><th>Restored into</th><th>Image</th><th>How</th></tr>\n");
            rows.forEach(h::append);
            h.append("</table>\n");
        }
    }

    /** The BIA reference of the whole exercise: the sign-off's, else the scenarios' own, else none (a blank field). */
    private static String bia(List<JsonNode> scenarios, Optional<SignOff> signOff) {
        if (signOff.isPresent() && signOff.get().bia() != null) {
            return signOff.get().bia();
        }
        List<String> own = scenarios.stream().filter(d -> d.hasNonNull("bia")).map(d -> d.path("drill").asText() + ": " + d.path("bia").asText())
                .toList();
        return own.isEmpty() ? null : String.join("; ", own);
    }

    /** A table cell holding {@code text}, or a blank one to fill in by hand when there is none. */
    private static String cell(String text) {
        return text == null || text.isBlank() ? "<td class=\"blank\"></td>" : "<td>" + e(text) + "</td>";
    }

    /** {@code drill} in words; other sources as given (e.g. {@code policy dr-policy.yml (data-loss)}). */
    private static String sourceWords(String source) {
        return "drill".equals(source) ? "the drill" : source;
    }

    private static List<String> missed(JsonNode d) {
        List<String> names = new ArrayList<>();
        for (JsonNode o : d.path("objectives")) {
            if (!o.path("passed").asBoolean()) {
                names.add(o.path("name").asText());
            }
        }
        return names;
    }
}
