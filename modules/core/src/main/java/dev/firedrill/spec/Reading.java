package dev.firedrill.spec;

import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of reading one file: its name and every problem found so far. Reading goes on after a
 * problem, so that one run names every mistake in the file, not only the first.
 */
final class Reading {

    final String file;
    final List<DrillFileException.Problem> problems = new ArrayList<>();
    /** The kinds the file names, as read (the plan says what they require). */
    final List<KindDescriptor<?>> kindsNamed = new ArrayList<>();

    Reading(String file) {
        this.file = file;
    }

    void problem(YamlNode at, String path, String message) {
        problems.add(new DrillFileException.Problem(file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), path, message));
    }

    void problemAtKey(YamlNode.Mapping mapping, String key, String path, String message) {
        int[] at = mapping.keyPositions().get(key);
        problems.add(new DrillFileException.Problem(file, at == null ? mapping.line() : at[0], at == null ? mapping.column() : at[1],
                path, message));
    }

    /** Throws every problem found, if any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new DrillFileException(problems);
        }
    }

    static String child(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** The node as a mapping, or null after a problem saying it must be one. */
    YamlNode.Mapping mapping(YamlNode node, String path, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        problem(node, path, "must be a mapping (" + what + "), found " + node.describe());
        return null;
    }

    /** The node as a list, or null after a problem. */
    YamlNode.Sequence sequence(YamlNode node, String path, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return s;
        }
        problem(node, path, "must be a list (" + what + "), found " + node.describe());
        return null;
    }

    /** Rejects keys of {@code mapping} not in {@code known}, naming the valid ones (and the likely one). */
    void rejectUnknownKeys(YamlNode.Mapping mapping, String path, Collection<String> known, String what) {
        for (String key : mapping.entries().keySet()) {
            if (!known.contains(key)) {
                problemAtKey(mapping, key, child(path, key), "unknown key '" + key + "' in " + what + suggestion(key, known)
                        + "; valid keys: " + String.join(", ", known));
            }
        }
    }

    /** " (did you mean 'x'?)" when one known word is close, else "". */
    static String suggestion(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Reads {@code params} from {@code mapping} (keys in {@code alsoAllowed} are read elsewhere); returns the
     * values by name, defaults filled in; null values for missing optional fields without a default.
     */
    Map<String, Object> params(YamlNode.Mapping mapping, String path, List<Param> params, List<String> alsoAllowed, String what) {
        List<String> known = new ArrayList<>(alsoAllowed);
        params.forEach(p -> known.add(p.name()));
        rejectUnknownKeys(mapping, path, known, what);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            YamlNode node = mapping.entries().get(p.name());
            if (node == null) {
                if (p.required()) {
                    problem(mapping, child(path, p.name()), "missing: " + what + " needs '" + p.name() + "' (" + p.type().describe()
                            + (p.choices().isEmpty() ? "" : ": " + String.join(", ", p.choices())) + "): " + p.description());
                }
                values.put(p.name(), p.defaultValue());
            } else {
                values.put(p.name(), value(node, child(path, p.name()), p));
            }
        }
        return values;
    }

    /** One value of {@code p}'s type, or null after a problem. */
    Object value(YamlNode node, String path, Param p) {
        return switch (p.type()) {
            case TEXT -> text(node, path);
            case INTEGER -> integer(node, path);
            case NUMBER -> number(node, path);
            case DURATION -> duration(node, path);
            case BOOLEAN -> bool(node, path);
            case TEXTS -> texts(node, path);
            case TEXT_MAP -> textMap(node, path);
            case SHARE -> share(node, path);
            case CHOICE -> {
                String t = text(node, path);
                if (t != null && !p.choices().contains(t)) {
                    problem(node, path, "'" + t + "' is not valid" + suggestion(t, p.choices()) + "; valid: " + String.join(", ", p.choices()));
                    yield null;
                }
                yield t;
            }
        };
    }

    String text(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
            if (s.text().isBlank()) {
                problem(node, path, "must not be empty");
                return null;
            }
            return s.text();
        }
        problem(node, path, "must be a text, found " + node.describe());
        return null;
    }

    Integer integer(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER && s.text().matches("-?[0-9]+")) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException e) {
                problem(node, path, "the number " + s.text() + " is too large");
                return null;
            }
        }
        problem(node, path, "must be a whole number, found " + node.describe());
        return null;
    }

    Double number(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER) {
            return Double.parseDouble(s.text());
        }
        problem(node, path, "must be a number, found " + node.describe());
        return null;
    }

    Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        problem(node, path, "must be true or false, found " + node.describe());
        return null;
    }

    Duration duration(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER) {
            problem(node, path, "the duration " + s.text() + " has no unit; use " + Durations.VALID);
            return null;
        }
        String t = text(node, path);
        if (t == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(t);
            if (d.isNegative()) {
                problem(node, path, "must not be negative, found " + t);
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    /** A share: a number in [0, 1] or a percentage text such as {@code 1%}. */
    Double share(YamlNode node, String path) {
        Double value = null;
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER) {
            value = Double.parseDouble(s.text());
        } else if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.TEXT && s.text().trim().matches("[0-9]+(\\.[0-9]+)?\\s*%")) {
            value = Double.parseDouble(s.text().trim().replace("%", "").trim()) / 100;
        }
        if (value == null || value < 0 || value > 1) {
            problem(node, path, "must be a share between 0 and 1 (0.01) or a percentage (1%), found " + node.describe());
            return null;
        }
        return value;
    }

    List<String> texts(YamlNode node, String path) {
        YamlNode.Sequence s = sequence(node, path, "of texts");
        if (s == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.items().size(); i++) {
            String t = text(s.items().get(i), item(path, i));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    Map<String, String> textMap(YamlNode node, String path) {
        YamlNode.Mapping m = mapping(node, path, "names to texts");
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> {
            if (v instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
                out.put(k, s.text());
            } else {
                problem(v, child(path, k), "must be a text (quote numbers: \"5\"), found " + v.describe());
            }
        });
        return out;
    }
}
