package dev.firedrill.spec;

import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference of the kinds a drill file can name, generated from their descriptors: as text for
 * {@code ./drill list --kinds}, and as Markdown for {@code docs/kinds.md} (Firedrill's own kinds, committed).
 *
 * <p>Example: {@code System.out.print(KindsReference.text(Kinds.onClasspath()));}
 */
public final class KindsReference {

    /** How to write {@code docs/kinds.md} again after a kind changed. */
    public static final String REGENERATE = "./drill reference";

    private KindsReference() {
    }

    /** Every kind by category: name and summary, then its parameters, the capabilities it requires and, for a user's, its provider. */
    public static String text(Kinds kinds) {
        StringBuilder out = new StringBuilder();
        for (Category category : Category.values()) {
            List<KindDescriptor<?>> all = kinds.in(category);
            out.append(capitalized(category.plural())).append(" (").append(category.where()).append(" NAME): ").append(all.size())
                    .append('\n');
            for (KindDescriptor<?> kind : all) {
                out.append(String.format("  %-34s %s%n", kind.name(), kind.summary()));
                for (Param p : kind.params()) {
                    out.append(String.format("      %-30s %s: %s%n", p.name(), typeAndDefault(p), p.description()));
                }
                out.append(String.format("      %-30s %s%n", "(requires)", kind.requires().isEmpty() ? "none" : capabilities(kind)));
                if (!kind.measures().isEmpty()) {
                    out.append(String.format("      %-30s %s%n", "(measures)", measures(kind)));
                }
                if (!kinds.isBuiltIn(kind)) {
                    out.append(String.format("      %-30s %s%n", "(from)", kinds.providerOf(kind).getName()));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The reference tables in Markdown: one table per category ({@code docs/kinds.md} is this, of Firedrill's own kinds). */
    public static String markdown(Kinds kinds) {
        StringBuilder out = new StringBuilder();
        out.append("# Kinds\n\n");
        out.append("Every kind of fault, recovery procedure, preparation, probe, objective, load generator and writer a drill file can name, with its\n")
                .append("fields. Generated from the kinds' descriptors (`dev.firedrill.kind`): do not edit it by hand; write it again with\n")
                .append("`").append(REGENERATE).append("` (`KindsReferenceTest` fails when it differs). Kinds\n")
                .append("a provider on your classpath adds are listed by `./drill list --kinds`; how to add one:\n")
                .append("[drill-files.md](drill-files.md#kinds-of-your-own).\n\n");
        out.append("A field is *required* or has the default shown; an optional field without a default is left out unless given.\n")
                .append("Durations carry a unit (`800ms`, `10s`, `2m`, `1m30s`), shares are `0.01` or `1%`. *Requires* names the\n")
                .append("capabilities (`dev.firedrill.capability`) a system must offer for the kind to act; none: it reaches services\n")
                .append("through their endpoints only. *Measures*: an objective that measures RTO or RPO is the drill's own target; the DR\n")
                .append("policy's for that measure is then judged beside it as `policy:<name>`.\n");
        for (Category category : Category.values()) {
            out.append("\n## ").append(capitalized(category.plural())).append(" (`").append(category.where()).append("`)\n\n");
            out.append("Each builds a `").append(category.typeName()).append("`.");
            if (!category.entryParams().isEmpty()) {
                List<String> common = new ArrayList<>();
                for (Param p : category.entryParams()) {
                    common.add("`" + p.name() + "` " + typeAndDefault(p) + ": " + p.description());
                }
                out.append(" Every entry also takes ").append(String.join("; ", common)).append(".");
            }
            out.append("\n\n");
            boolean objectives = category == Category.OBJECTIVE;
            out.append(objectives ? "| objective | what it does | fields | measures |\n|---|---|---|---|\n"
                    : "| " + category.field() + " | what it does | fields | requires |\n|---|---|---|---|\n");
            for (KindDescriptor<?> kind : kinds.in(category)) {
                List<String> fields = new ArrayList<>();
                for (Param p : kind.params()) {
                    fields.add("`" + p.name() + "` " + typeAndDefault(p) + ": " + p.description());
                }
                String last = objectives ? (kind.measures().isEmpty() ? "" : measures(kind))
                        : (kind.requires().isEmpty() ? "none" : capabilities(kind));
                out.append("| `").append(kind.name()).append("` | ").append(cell(kind.summary())).append(" | ")
                        .append(cell(fields.isEmpty() ? "none" : String.join("<br>", fields))).append(" | ").append(last).append(" |\n");
            }
        }
        return out.toString();
    }


    /** "duration, required", "integer (KB/s), required", "downstream | upstream | both, default downstream", "text, optional". */
    static String typeAndDefault(Param p) {
        String type = p.type() == Param.Type.CHOICE ? String.join(" | ", p.choices()) : p.type().name().toLowerCase().replace('_', ' ');
        if (p.unit() != null) {
            type += " (" + p.unit() + ")";
        }
        if (p.required()) {
            return type + ", required";
        }
        return p.defaultValue() == null ? type + ", optional" : type + ", default " + value(p.defaultValue());
    }

    private static String value(Object v) {
        if (v instanceof Duration d) {
            return Durations.format(d);
        }
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(String::valueOf).toList()) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : map.toString();
        }
        return String.valueOf(v);
    }

    private static String capabilities(KindDescriptor<?> kind) {
        return String.join(", ", kind.requires().stream().map(Class::getSimpleName).toList());
    }

    private static String measures(KindDescriptor<?> kind) {
        return String.join(", ", kind.measures().stream().map(m -> m.name()).toList());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String capitalized(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
