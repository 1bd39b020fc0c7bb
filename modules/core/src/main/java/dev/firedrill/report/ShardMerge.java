package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code ./drill merge <shard run folders>... --out <run folder> --public-key <PEM>}: the sealed runs of one suite's
 * shards ({@code ./drill run <suite> --shard K/N}) made one run, as if one machine had run the suite. Each shard is
 * checked as {@code ./drill verify} checks a bundle (every hash, the signature by the trusted key) and must be of the
 * same suite, shard count and commit, every shard 1..N exactly once, no drill twice. The result holds every shard's
 * drill folders, an {@code evidence.json} with all drills and a {@code run} naming the shards and their hosts, the
 * summary page and exercise report, a {@code summary.txt} with the RTO gate, the history lines, and its seal (signed
 * with the configured key). A problem throws {@link IllegalArgumentException} naming the shard; nothing is written then.
 *
 * <p>Example: {@code ShardMerge.merge(List.of(shard1, shard2), out, trusted, Optional.of(key), Set.of())}.
 */
public final class ShardMerge {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A shard's plan of the whole suite, in its run folder: the same in every shard of one suite. */
    public static final String PLAN_FILE = "shard-plan.txt";

    /** What the shards' bundles hold that the merged run writes anew. */
    private static final Set<String> REWRITTEN = Set.of(RunFolder.EVIDENCE_FILE, SummaryPage.FILE, ExerciseReport.FILE,
            ExerciseReport.PDF, "summary.txt", RunFolder.HTML_REPORT_FILE, EvidenceBundle.MANIFEST, EvidenceBundle.SIGNATURE,
            EvidenceBundle.SIGNATURE_INFO, PLAN_FILE);

    /** The merged run: its folder, its evidence, and whether it passed (every drill passed or failed as it must, the gate held). */
    public record Result(Path folder, Map<String, Object> evidence, List<String> notPassed, List<String> gateMissed,
            int drills) {
        public boolean passed() {
            return drills > 0 && notPassed.isEmpty() && gateMissed.isEmpty();
        }
    }

    private ShardMerge() {
    }

    /**
     * Verifies every shard of {@code shardFolders} against {@code trusted}, then writes the merged run into {@code out}
     * (which must not exist or be empty) and seals it with {@code key}. {@code secretValues} are masked in the pages.
     */
    public static Result merge(List<Path> shardFolders, Path out, PublicKey trusted, Optional<PrivateKey> key,
            Collection<String> secretValues) {
        if (shardFolders.isEmpty()) {
            throw new IllegalArgumentException("merge needs the run folders of a suite's shards, e.g. reports/shard-*/");
        }
        List<ShardRun> shards = new ArrayList<>();
        for (Path folder : shardFolders) {
            shards.add(check(folder, trusted));
        }
        requireOneSuite(shards);
        shards.sort((a, b) -> Integer.compare(a.shard.index(), b.shard.index()));
        requireOut(out);
        String plan = null;
        ShardRun planned = null;
        for (ShardRun s : shards) {
            Path file = s.folder.resolve(PLAN_FILE);
            if (Files.isRegularFile(file)) {
                String text = new String(read(file), java.nio.charset.StandardCharsets.UTF_8);
                if (plan != null && !plan.equals(text)) {
                    throw new IllegalArgumentException(s.name() + " planned the suite differently from " + planned.name() + " (" + PLAN_FILE
                            + "): the shards ran on different drills or run histories, so together they need not hold every drill once");
                }
                plan = text;
                planned = s;
            }
        }

        List<Map<String, Object>> drills = new ArrayList<>();
        Map<String, String> drillShard = new TreeMap<>();
        Map<String, String> fileShard = new TreeMap<>();
        for (ShardRun s : shards) {
            for (JsonNode d : s.evidence.path("drills")) {
                String id = d.path("drill").asText();
                String before = drillShard.put(id, s.name());
                if (before != null) {
                    throw new IllegalArgumentException("drill " + id + " is in " + before + " and in " + s.name()
                            + ": each drill runs in exactly one shard, so these are not shards of one plan");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> record = JSON.convertValue(d, LinkedHashMap.class);
                drills.add(record);
            }
            for (String file : EvidenceBundle.hashes(s.folder).keySet()) {
                if (REWRITTEN.contains(file)) {
                    continue;
                }
                String before = fileShard.put(file, s.name());
                if (before != null) {
                    throw new IllegalArgumentException(file + " is in " + before + " and in " + s.name() + ": the merged run cannot hold both");
                }
            }
        }

        try {
            Files.createDirectories(out);
            for (ShardRun s : shards) {
                Path real = s.folder.toRealPath();
                for (String file : EvidenceBundle.hashes(real).keySet()) {
                    if (!REWRITTEN.contains(file)) {
                        Path target = out.resolve(file);
                        Files.createDirectories(target.toAbsolutePath().getParent());
                        Files.copy(real.resolve(file), target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the shards' files into " + out + ": " + e, e);
        }

        if (plan != null) {
            RunFolder.writeAtomically(out.resolve(PLAN_FILE), plan);
        }
        Map<String, Object> run = run(shards, out);
        Map<String, Object> evidence = Evidence.document(run, drills);
        RunFolder.writeAtomically(out.resolve(RunFolder.EVIDENCE_FILE), Evidence.toJson(evidence, secretValues));
        List<String> notPassed = new ArrayList<>();
        List<String> gateMissed = new ArrayList<>();
        int gated = 0;
        for (Map<String, Object> d : drills) {
            String verdict = String.valueOf(d.get("verdict"));
            if (!verdict.equals("passed") && !verdict.equals("failed-as-expected")) {
                notPassed.add(d.get("drill") + " " + verdict);
            }
            if (d.get("objectives") instanceof List<?> objectives) {
                for (Object o : objectives) {
                    if (o instanceof Map<?, ?> m && "rto-vs-baseline".equals(m.get("name"))) {
                        gated++;
                        if (!Boolean.TRUE.equals(m.get("passed"))) {
                            gateMissed.add(d.get("drill") + " RTO " + m.get("measured") + " ms, allowed " + m.get("target"));
                        }
                    }
                }
            }
        }
        RunFolder.writeAtomically(out.resolve("summary.txt"), summaryText(run, drills, notPassed, gateMissed, gated));
        SummaryPage.writeFor(out, secretValues);
        ExerciseReport.writeFor(out, secretValues);
        Path history = out.toAbsolutePath().normalize().getParent().resolve(RunHistory.FOLDER);
        RunHistory.append(out.resolve(RunFolder.EVIDENCE_FILE), history.resolve(RunHistory.FILE));
        RunFolder.writeAtomically(history.resolve(RunHistory.CHART), RunHistory.chart(history.resolve(RunHistory.FILE)));
        EvidenceBundle.seal(out, key);
        return new Result(out, evidence, notPassed, gateMissed, drills.size());
    }

    /** A shard's run as read and verified. */
    private record ShardRun(Path folder, JsonNode evidence, Shard shard, String suite) {
        String name() {
            return "shard " + shard + " (" + folder + ")";
        }
    }

    private static ShardRun check(Path folder, PublicKey trusted) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is no run folder (a shard's run is a folder under reports/)");
        }
        if (!Files.isRegularFile(folder.resolve(EvidenceBundle.MANIFEST))) {
            throw new IllegalArgumentException(folder + " is not a sealed run: no " + EvidenceBundle.MANIFEST
                    + " (the run did not finish, or this is not a run folder)");
        }
        EvidenceBundle.Verification v = EvidenceBundle.verify(folder, trusted);
        JsonNode evidence;
        try {
            evidence = JSON.readTree(folder.resolve(RunFolder.EVIDENCE_FILE).toFile());
        } catch (IOException e) {
            evidence = null;
        }
        String shardText = evidence == null ? null : evidence.path("run").path("shard").asText(null);
        String name = (shardText == null ? "shard ?" : "shard " + shardText) + " (" + folder + ")";
        if (!v.ok()) {
            throw new IllegalArgumentException(name + " does not verify, so it cannot be merged:\n  "
                    + String.join("\n  ", v.problems()));
        }
        if (evidence == null) {
            throw new IllegalArgumentException(name + " has no readable " + RunFolder.EVIDENCE_FILE);
        }
        if (shardText == null) {
            throw new IllegalArgumentException(folder + " is not a shard: its run has no shard (run it with ./drill run <suite> --shard K/N)");
        }
        Shard shard;
        try {
            shard = Shard.parse(shardText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        if (evidence.path("run").path("finished_at").isNull()) {
            throw new IllegalArgumentException(name + " did not finish (its run has no finished_at)");
        }
        return new ShardRun(folder, evidence, shard, evidence.path("run").path("suite").asText(null));
    }

    private static void requireOneSuite(List<ShardRun> shards) {
        ShardRun first = shards.get(0);
        Map<Integer, ShardRun> byIndex = new TreeMap<>();
        for (ShardRun s : shards) {
            if (!java.util.Objects.equals(s.suite, first.suite)) {
                throw new IllegalArgumentException(s.name() + " is of suite " + s.suite + ", " + first.name() + " of suite "
                        + first.suite + ": only the shards of one suite merge");
            }
            if (s.shard.total() != first.shard.total()) {
                throw new IllegalArgumentException(s.name() + " is one of " + s.shard.total() + " shards, " + first.name()
                        + " one of " + first.shard.total() + ": only the shards of one plan merge");
            }
            String c1 = first.evidence.path("run").path("commit").asText(null);
            String c2 = s.evidence.path("run").path("commit").asText(null);
            if (c1 != null && c2 != null && !c1.equals(c2)) {
                throw new IllegalArgumentException(s.name() + " ran commit " + c2 + ", " + first.name() + " commit " + c1
                        + ": shards of different commits may have planned different drills");
            }
            ShardRun twice = byIndex.put(s.shard.index(), s);
            if (twice != null) {
                throw new IllegalArgumentException("shard " + s.shard + " is given twice: " + twice.folder + " and " + s.folder);
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= first.shard.total(); i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + first.shard.total());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + (missing.size() > 1 ? " are" : " is") + " missing: suite " + first.suite + " was cut into " + first.shard.total()
                    + " shards and " + shards.size() + " given (" + String.join(", ", shards.stream().map(ShardRun::name).toList()) + ")");
        }
    }

    private static void requireOut(Path out) {
        if (Files.exists(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + out + " exists and is not empty: name a new run folder, e.g. reports/merged-<id>");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + out + " cannot be read: " + e.getMessage());
            }
        }
    }

    private static Map<String, Object> run(List<ShardRun> shards, Path out) {
        Instant started = null;
        Instant finished = null;
        Set<String> engines = new LinkedHashSet<>();
        Map<String, Set<String>> images = new TreeMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (ShardRun s : shards) {
            JsonNode r = s.evidence.path("run");
            Instant a = Instant.parse(r.path("started_at").asText());
            Instant b = Instant.parse(r.path("finished_at").asText());
            started = started == null || a.isBefore(started) ? a : started;
            finished = finished == null || b.isAfter(finished) ? b : finished;
            engines.add(r.path("engine").asText("unknown"));
            r.path("images").fields().forEachRemaining(e -> images.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue().asText()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shard", s.shard.toString());
            m.put("run", r.path("id").asText());
            m.put("host", r.path("host").asText(null));
            m.put("engine", r.path("engine").asText(null));
            m.put("started_at", r.path("started_at").asText());
            m.put("finished_at", r.path("finished_at").asText());
            m.put("drills", s.evidence.path("drills").size());
            m.put("units", JSON.convertValue(r.path("shard_units"), List.class));
            m.put("manifest_sha256", SigningKeys.sha256Hex(read(s.folder.resolve(EvidenceBundle.MANIFEST))));
            list.add(m);
        }
        JsonNode first = shards.get(0).evidence.path("run");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", out.toAbsolutePath().normalize().getFileName().toString());
        r.put("started_at", started.toString());
        r.put("finished_at", finished.toString());
        r.put("commit", first.path("commit").asText(null));
        r.put("host", localHost());
        r.put("engine", engines.size() == 1 ? engines.iterator().next() : String.join("; ", engines));
        Map<String, String> merged = new TreeMap<>();
        images.forEach((service, ids) -> merged.put(service, String.join(" | ", ids)));
        r.put("images", merged);
        r.put("suite", first.path("suite").asText(null));
        r.put("shard", null);
        r.put("shard_units", null);
        r.put("shards", list);
        return r;
    }

    private static String summaryText(Map<String, Object> run, List<Map<String, Object>> drills, List<String> notPassed,
            List<String> gateMissed, int gated) {
        StringBuilder s = new StringBuilder();
        Map<String, Integer> counts = new TreeMap<>();
        drills.forEach(d -> counts.merge(String.valueOf(d.get("verdict")), 1, Integer::sum));
        s.append("Firedrill run ").append(run.get("id")).append(": ").append(drills.size()).append(" drills, merged from ")
                .append(((List<?>) run.get("shards")).size()).append(" shards of suite ").append(run.get("suite")).append('\n');
        for (Object o : (List<?>) run.get("shards")) {
            Map<?, ?> m = (Map<?, ?>) o;
            s.append(String.format(Locale.ROOT, "  shard %-5s run %s on %s: %s drills%n", m.get("shard"), m.get("run"), m.get("host"), m.get("drills")));
        }
        for (Map<String, Object> d : drills) {
            s.append(String.format(Locale.ROOT, "%-28s %-20s %s%n", d.get("drill"), d.get("verdict"),
                    d.get("rto_ms") == null ? "" : "RTO " + String.format(Locale.ROOT, "%.1f s", ((Number) d.get("rto_ms")).longValue() / 1000.0)));
        }
        s.append("verdicts: ").append(counts).append('\n');
        s.append("RTO gate (rto-vs-baseline): ").append(gated).append(" drills gated, ")
                .append(gateMissed.isEmpty() ? "all within their baseline" : gateMissed.size() + " missed: " + String.join("; ", gateMissed)).append('\n');
        if (drills.isEmpty()) {
            s.append("FAILED: the merged run drilled nothing (every shard was empty); a run that drills nothing fails\n");
        } else if (!notPassed.isEmpty() || !gateMissed.isEmpty()) {
            List<String> why = new ArrayList<>(notPassed);
            gateMissed.forEach(g -> why.add("gate: " + g));
            s.append("FAILED: ").append(String.join(", ", why)).append('\n');
        } else {
            s.append("PASSED\n");
        }
        return s.toString();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e, e);
        }
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
