package dev.firedrill.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.Drill;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import dev.firedrill.kind.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON Schema of drill files (draft-07, for editor completion), generated from what the parser reads: the kinds
 * of {@link Kinds} and the fields of {@link DrillFiles}. {@code main} writes {@code drills/drill-file.schema.json},
 * the schema of Firedrill's own kinds; {@link #text(Kinds)} is the schema of any kinds, a user's included.
 */
public final class DrillFileSchema {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DrillFileSchema() {
    }

    /** How to write {@code drills/drill-file.schema.json} again after a kind or a field changed. */
    public static final String REGENERATE = "./drill reference";

    /** Where the schema is committed. */
    public static final String FILE = "drills/drill-file.schema.json";

    /** The schema, with the kinds on the classpath (Firedrill's own and any a provider adds), as JSON text. */
    public static String text() {
        return text(Kinds.onClasspath());
    }

    /** The schema knowing {@code kinds}, as JSON text. */
    public static String text(Kinds kinds) {
        try {
            return JSON.writeValueAsString(schema(kinds)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode schema(Kinds kinds) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", "Firedrill drill file");
        root.put("description", "A drill as YAML (docs/drill-files.md).");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.set("required", JSON.valueToTree(List.of("id", "title", "steady-state")));
        ObjectNode p = root.putObject("properties");
        text(p, "id", "the drill's id, e.g. D01");
        text(p, "title", "what goes wrong");
        text(p, "runbook", "the runbook section it exercises");
        ObjectNode suites = p.putObject("suites");
        suites.put("type", "array");
        ObjectNode suite = suites.putObject("items");
        suite.put("type", "string").put("pattern", "^" + Drill.SUITE_PATTERN + "$");
        suite.put("description", "a suite: one of the catalogue's (" + String.join(", ", Drill.CATALOGUE_SUITES)
                + ") or a tag of your own, e.g. payments-nightly");
        suite.set("examples", JSON.valueToTree(Drill.CATALOGUE_SUITES));
        suite.putObject("not").set("enum", JSON.valueToTree(Drill.RESERVED_TAGS));
        text(p, "disruption", "the kind of disruption, for the DR policy (drills/dr-policy.yml)");
        ObjectNode outage = p.putObject("expect-outage");
        outage.put("description", "the probed path (or paths) that must go down after the disruption; a fault that never bit fails the drill");
        ArrayNode outageForms = outage.putArray("oneOf");
        outageForms.addObject().put("type", "string");
        outageForms.addObject().put("type", "array").putObject("items").put("type", "string");
        ObjectNode stack = object(p, "stack", List.of());
        ObjectNode sp = stack.putObject("properties");
        ObjectNode compose = sp.putObject("compose");
        compose.put("description", "the Compose file, or files merged in order (later ones add services), relative to the project directory");
        ArrayNode composeForms = compose.putArray("oneOf");
        composeForms.addObject().put("type", "string");
        composeForms.add(texts().put("minItems", 1));
        sp.set("services", texts());
        ObjectNode env = sp.putObject("environment");
        env.put("type", "object");
        env.putObject("additionalProperties").put("type", "object").putObject("additionalProperties").put("type", "string");
        sp.putObject("fresh").put("type", "boolean");
        sp.set("setup", list(kinds, Category.PROCEDURE).put("description",
                "procedures run on the stack before each drill of the file, before the probes start"));
        ObjectNode steady = object(p, "steady-state", List.of("probes"));
        ObjectNode stp = steady.putObject("properties");
        stp.set("probes", list(kinds, Category.PROBE));
        stp.putObject("steady-run").put("type", "integer");
        stp.set("latency-objective", duration());
        stp.set("budget", duration());
        ObjectNode workload = (ObjectNode) list(kinds, Category.WRITER, true).get("items");
        workload.put("description", "a writer whose every write is accounted for: its kind in 'writer', its restore mode and warm-up");
        p.set("workload", workload);
        p.set("load", load(kinds));
        p.set("preparations", list(kinds, Category.PREPARATION));
        p.set("faults", list(kinds, Category.FAULT));
        p.set("recovery", list(kinds, Category.PROCEDURE));
        p.set("objectives", list(kinds, Category.OBJECTIVE));
        for (String d : List.of("hold", "recovery-budget", "settle", "after-window")) {
            p.set(d, duration());
        }
        ObjectNode when = object(p, "recover-when", List.of());
        when.put("description", "the recovery starts when the error rate of a path exceeds a share (hold = the longest wait)");
        ObjectNode wp2 = when.putObject("properties");
        text(wp2, "path", "the probed path watched (write)");
        wp2.set("error-rate-above", share());
        wp2.set("over", duration());
        wp2.putObject("min-observations").put("type", "integer").put("minimum", 1);
        wp2.putObject("counts-from").put("description", "what the detector judges: everything from the disruption, or only what came"
                + " after the fault took effect (a release's deploy gap is the deploy's)").set("enum", JSON.valueToTree(List.of("disruption", "fault-verified")));
        ObjectNode expect = object(p, "expect", List.of());
        expect.put("description", "a can-fail variant: verdict failed, missing the objectives it must miss (by name, e.g. rto(write))");
        ObjectNode ep = expect.putObject("properties");
        ep.putObject("verdict").set("enum", JSON.valueToTree(List.of("passed", "failed")));
        ep.set("missing", texts().put("description", "objectives the drill must miss, by name"));
        ObjectNode exercise = object(p, "exercise", List.of());
        exercise.put("description", "what the exercise report says of this scenario beyond what is measured");
        ObjectNode xp = exercise.putObject("properties");
        text(xp, "bia", "the business impact analysis entry the scenario exercises, e.g. BIA-2026 §4.2");
        text(xp, "remediation-owner", "who fixes what the scenario finds, e.g. a team");
        ObjectNode safety = object(p, "safety", List.of());
        safety.put("description", "safety rails: services faults and procedures may act on, and abort conditions");
        ObjectNode sfp = safety.putObject("properties");
        sfp.set("allow", texts().put("minItems", 1).put("description", "the services faults and procedures may act on"));
        ObjectNode guard = sfp.putObject("guards").put("type", "array").putObject("items");
        guard.put("type", "object").put("additionalProperties", false)
                .put("description", "aborts the drill (every fault reverted) when it fires");
        ObjectNode gp = guard.putObject("properties");
        text(gp, "path", "the path watched: one the drill probes, or the guard's own probe's");
        gp.set("probe", list(kinds, Category.PROBE).get("items"));
        gp.putObject("consecutive-failures").put("type", "integer").put("minimum", 1);
        gp.set("error-rate-above", share());
        gp.set("over", duration());
        ArrayNode exactlyOne = guard.putArray("oneOf");
        exactlyOne.addObject().putArray("required").add("consecutive-failures");
        exactlyOne.addObject().putArray("required").add("error-rate-above");
        return root;
    }

    private static ObjectNode object(ObjectNode parent, String name, List<String> required) {
        ObjectNode o = parent.putObject(name);
        o.put("type", "object");
        o.put("additionalProperties", false);
        if (!required.isEmpty()) {
            o.set("required", JSON.valueToTree(required));
        }
        return o;
    }

    private static void text(ObjectNode parent, String name, String description) {
        parent.putObject(name).put("type", "string").put("description", description);
    }

    private static ObjectNode texts() {
        ObjectNode n = JSON.createObjectNode().put("type", "array");
        n.putObject("items").put("type", "string");
        return n;
    }

    /** A target: a service name, or a selector resolved when the step acts (leader-of with by, or any-of). */
    private static ObjectNode targetOrSelector(ObjectNode name) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode oneOf = n.putArray("oneOf");
        oneOf.add(name);
        ObjectNode leader = oneOf.addObject().put("type", "object").put("additionalProperties", false)
                .put("description", "the candidate a check names the leader when the step acts");
        leader.putArray("required").add("leader-of").add("by");
        ObjectNode lp = leader.putObject("properties");
        lp.set("leader-of", texts().put("minItems", 1));
        lp.set("within", duration());
        ObjectNode by = lp.putObject("by").put("type", "object").put("additionalProperties", false)
                .put("description", "one of http (GET /path, port, expect), sql (query, port), command (text run with sh -c, expect)");
        ObjectNode bp = by.putObject("properties");
        text(bp, "http", "GET and the path, e.g. GET /primary");
        text(bp, "sql", "a query answering true on the leader");
        text(bp, "command", "run with sh -c in each candidate; exit 0 (and expect in its output) on the leader");
        bp.putObject("port").put("type", "integer");
        bp.putObject("expect").putArray("type").add("integer").add("string");
        ObjectNode any = oneOf.addObject().put("type", "object").put("additionalProperties", false)
                .put("description", "one candidate at random (seeded, recorded) when the step acts");
        any.putArray("required").add("any-of");
        ObjectNode ap = any.putObject("properties");
        ap.set("any-of", texts().put("minItems", 1));
        ap.putObject("seed").put("type", "integer");
        return n;
    }

    private static ObjectNode duration() {
        return JSON.createObjectNode().put("type", "string").put("pattern", Durations.PATTERN).put("description", Durations.VALID);
    }

    private static ObjectNode share() {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode any = n.putArray("anyOf");
        any.addObject().put("type", "number").put("minimum", 0).put("maximum", 1);
        any.addObject().put("type", "string").put("pattern", "^[0-9]+(\\.[0-9]+)?\\s*%$");
        return n;
    }

    /** A list whose items are one of the kinds of {@code category}, told apart by the category's field ({@code kind}, ...). */
    private static ObjectNode list(Kinds kinds, Category category) {
        return list(kinds, category, true);
    }

    /** As {@link #list(Kinds, Category)}; {@code named}: whether each item must name its kind (the load section may not). */
    private static ObjectNode list(Kinds kinds, Category category, boolean named) {
        String discriminator = category.field();
        ObjectNode n = JSON.createObjectNode().put("type", "array");
        ArrayNode oneOf = n.putObject("items").putArray("oneOf");
        for (KindDescriptor<?> kind : kinds.in(category)) {
            ObjectNode item = oneOf.addObject();
            item.put("type", "object").put("description", kind.summary()).put("additionalProperties", false);
            ArrayNode required = item.putArray("required");
            if (named) {
                required.add(discriminator);
            }
            ObjectNode props = item.putObject("properties");
            props.putObject(discriminator).put("const", kind.name());
            for (Param e : category.entryParams()) {
                props.set(e.name(), type(e));   // a fault's after, an objective's source
            }
            for (Param param : kind.params()) {
                boolean selectable = param.name().equals("target") && (category == Category.FAULT || category == Category.PROCEDURE);
                props.set(param.name(), selectable ? targetOrSelector(type(param)) : type(param));
                if (param.required()) {
                    required.add(param.name());
                }
            }
        }
        return n;
    }

    /** The load section: one load generator's fields; {@code generator} names it and may be left out when there is one. */
    private static ObjectNode load(Kinds kinds) {
        ObjectNode load = (ObjectNode) list(kinds, Category.LOAD, false).get("items");
        load.put("description", "a load running beside the drill, from a load generator (the only one on the classpath unless 'generator' names it)");
        return load;
    }

    static ObjectNode type(Param p) {
        ObjectNode n = switch (p.type()) {
            case TEXT -> JSON.createObjectNode().put("type", "string");
            case INTEGER -> JSON.createObjectNode().put("type", "integer");
            case NUMBER -> JSON.createObjectNode().put("type", "number");
            case BOOLEAN -> JSON.createObjectNode().put("type", "boolean");
            case DURATION -> duration();
            case SHARE -> share();
            case TEXTS -> texts();
            case TEXT_MAP -> {
                ObjectNode m = JSON.createObjectNode().put("type", "object");
                m.putObject("additionalProperties").put("type", "string");
                yield m;
            }
            case CHOICE -> {
                ObjectNode c = JSON.createObjectNode();
                ArrayNode values = c.putArray("enum");
                for (String choice : p.choices()) {
                    if (choice.matches("[0-9]+")) {   // the parser takes percentile: 95 as well as "95"
                        values.add(Integer.parseInt(choice));
                    }
                    values.add(choice);
                }
                yield c;
            }
        };
        return n.put("description", p.unit() == null ? p.description() : p.description() + " (" + p.unit() + ")");
    }

    /**
     * Writes the schema of Firedrill's own kinds to {@code args[0]} (default drills/drill-file.schema.json): the file
     * committed with the project, whatever a user's classpath adds.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "drills/drill-file.schema.json");
        Files.writeString(out, text(Kinds.onClasspath().builtIn()));
        System.out.println("wrote " + out);
    }
}
