package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.Objective;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.KindDescriptor.Measure;
import dev.firedrill.kind.Kinds;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DR policy file ({@code drills/dr-policy.yml}): RTO and RPO targets per kind of disruption.
 *
 * <p>The policy's targets hold for every drill of its kind, beside the drill's own (a drill may demand more than the
 * organisation, never less unnoticed). For each of RTO and RPO the target is the entry's for the drill's
 * {@code disruption} kind, else the policy's {@code default}, else none. When the drill sets no objective of that measure
 * ({@link Measure}: {@code rto} or {@code ttr} for RTO; {@code no-acknowledged-writes-lost}, {@code rpo-lost-writes},
 * {@code rpo-window}, {@code rpo-window-within-backup-age} or {@code nothing-lost-before-recovery-point} for RPO, and
 * any objective kind a provider adds that says so) the policy's target is its objective, under the usual name
 * ({@code rto(write)}); when it sets one, the policy's is judged beside it as {@code policy:rto(write)}
 * ({@link PolicyTarget}). An RTO target judges the paths of the drill's own RTO and TTR objectives, else {@code write},
 * and applies only to drills with a fault; RPO targets only to drills whose workload keeps a ledger (writes flow). Each
 * names its source ({@code policy dr-policy.yml (data-loss)}), so the report shows the policy's target, the drill's and
 * the measured value side by side.
 *
 * <p>Example: {@code Drill judged = DrPolicy.read(Path.of("drills/dr-policy.yml")).apply(drillFile);}
 */
public record DrPolicy(Path source, Targets defaults, Map<String, Targets> disruptions) {

    /** Targets of one kind of disruption; any may be null (not set). */
    public record Targets(Duration rto, Integer rpoLostWrites, Duration rpoWindow) {
    }

    static final List<Param> TARGET_PARAMS = List.of(
            Param.optional("rto", Param.Type.DURATION, null, "RTO of the write path (disruption → steady again)"),
            Param.optional("rpo-lost-writes", Param.Type.INTEGER, null, "acknowledged writes that may be lost"),
            Param.optional("rpo-window", Param.Type.DURATION, null, "RPO window: how far back data may be lost"),
            Param.optional("description", Param.Type.TEXT, null, "what this kind of disruption covers"));

    /** Reads a policy file; a mistake is a {@link DrillFileException} naming line, column and field. */
    public static DrPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrillFileException(List.of(new DrillFileException.Problem(file.toString(), 0, 0, "(file)", "could not be read: " + e)));
        }
        Reading r = new Reading(file.toString());
        YamlNode.Mapping top = r.mapping(YamlReader.read(file.toString(), text), "(root)", "default and disruptions");
        r.throwIfAny();
        r.rejectUnknownKeys(top, "", List.of("default", "disruptions"), "a DR policy");
        Targets defaults = top.entries().containsKey("default") ? targets(r, top.entries().get("default"), "default") : new Targets(null, null, null);
        Map<String, Targets> kinds = new LinkedHashMap<>();
        YamlNode d = top.entries().get("disruptions");
        if (d != null) {
            YamlNode.Mapping m = r.mapping(d, "disruptions", "kind: {rto, rpo-lost-writes, rpo-window}");
            if (m != null) {
                m.entries().forEach((kind, node) -> kinds.put(kind, targets(r, node, "disruptions." + kind)));
            }
        }
        r.throwIfAny();
        return new DrPolicy(file, defaults, kinds);
    }

    private static Targets targets(Reading r, YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return new Targets(null, null, null);
        }
        YamlNode.Mapping m = r.mapping(node, path, "rto, rpo-lost-writes, rpo-window");
        if (m == null) {
            return new Targets(null, null, null);
        }
        Map<String, Object> v = r.params(m, path, TARGET_PARAMS, List.of(), "DR targets");
        return new Targets((Duration) v.get("rto"), (Integer) v.get("rpo-lost-writes"), (Duration) v.get("rpo-window"));
    }

    /** The drill with the policy's targets added (see the class comment). */
    public Drill apply(DrillFile file) {
        return apply(file, Kinds.onClasspath());
    }

    /** As {@link #apply(DrillFile)}, the file's objectives being of {@code kinds}. */
    public Drill apply(DrillFile file, Kinds kinds) {
        Targets kind = new Targets(null, null, null);
        if (file.disruption() != null) {
            kind = disruptions.get(file.disruption());
            if (kind == null) {
                throw new IllegalArgumentException(file.source() + ": disruption '" + file.disruption() + "' is not a kind of the DR policy "
                        + source + Reading.suggestion(file.disruption(), disruptions.keySet()) + "; kinds: " + String.join(", ", disruptions.keySet()));
            }
        }
        Drill drill = file.drill();
        Drill.Builder b = drill.toBuilder();
        boolean writesFlow = drill.workloads().stream().anyMatch(w -> Workloads.restoreMode(w).isPresent());   // a writer keeps a ledger
        Duration rto = kind.rto() != null ? kind.rto() : defaults.rto();
        Integer lost = kind.rpoLostWrites() != null ? kind.rpoLostWrites() : defaults.rpoLostWrites();
        Duration window = kind.rpoWindow() != null ? kind.rpoWindow() : defaults.rpoWindow();
        // Where each target comes from, for the exercise record: the disruption's entry, else the policy's default.
        String byDefault = "policy " + source.getFileName() + " (default)";
        String byKind = file.disruption() == null ? byDefault : "policy " + source.getFileName() + " (" + file.disruption() + ")";
        if (rto != null && !drill.faults().isEmpty()) {
            String from = kind.rto() != null ? byKind : byDefault;
            rtoPaths(drill).forEach(path -> b.objective(target(from, Slos.rto(path, rto), measuresAny(file, kinds, Measure.RTO))));
        }
        if (writesFlow) {
            boolean ownRpo = measuresAny(file, kinds, Measure.RPO);
            if (lost != null) {
                b.objective(target(kind.rpoLostWrites() != null ? byKind : byDefault,
                        lost == 0 ? Slos.noAcknowledgedWritesLost() : Slos.atMostLostWrites(lost), ownRpo));
            }
            if (window != null) {
                b.objective(target(kind.rpoWindow() != null ? byKind : byDefault, Slos.rpoWindowAtMost(window), ownRpo));
            }
        }
        return b.build();
    }

    /**
     * The policy's target: the drill's only one of its measure when the drill sets none, else judged beside the drill's
     * own under a name of its own ({@link PolicyTarget}), so that neither replaces the other.
     */
    private static Objective target(String from, Objective objective, boolean drillHasItsOwn) {
        return drillHasItsOwn ? new PolicyTarget(from, objective) : Objective.from(from, objective);
    }

    /** The paths the drill's own RTO and TTR objectives judge ({@code rto(redis)}: redis), or {@code write} when it has none. */
    static List<String> rtoPaths(Drill drill) {
        List<String> paths = drill.objectives().stream().map(Objective::name).map(RTO_NAME::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(2)).distinct().toList();
        return paths.isEmpty() ? List.of("write") : paths;
    }

    private static final java.util.regex.Pattern RTO_NAME = java.util.regex.Pattern.compile("(rto|ttr)\\((.+)\\)");

    /** Whether one of the file's own objectives measures {@code what}. */
    private static boolean measuresAny(DrillFile file, Kinds kinds, Measure what) {
        return file.objectiveKinds().stream().anyMatch(name -> kinds.find(Category.OBJECTIVE, name)
                .map(kind -> kind.measures().contains(what)).orElse(false));
    }

    /** The kinds this policy names, for messages and the reference page. */
    public List<String> kinds() {
        return new ArrayList<>(disruptions.keySet());
    }
}
