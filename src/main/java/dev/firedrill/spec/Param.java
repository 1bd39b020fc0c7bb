package dev.firedrill.spec;

import java.util.List;

/**
 * One field of a drill file's entry (a fault, a recovery step, a probe, an objective, ...): its name,
 * type, whether it is required, its default, and what it means. The parser reads by it and the JSON
 * Schema is generated from it, so the two cannot disagree.
 */
record Param(String name, Type type, boolean required, Object defaultValue, List<String> choices, String description) {

    /** The value types a field can have. */
    enum Type {
        TEXT("a text"), INTEGER("a whole number"), NUMBER("a number"), DURATION("a duration (" + Durations.VALID + ")"),
        TEXTS("a list of texts"), CHOICE("one of the listed values"), SHARE("a share: 0.01 or 1%"),
        TEXT_MAP("a mapping of names to texts"), BOOLEAN("true or false");

        final String describe;

        Type(String describe) {
            this.describe = describe;
        }
    }

    Param {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    static Param required(String name, Type type, String description) {
        return new Param(name, type, true, null, null, description);
    }

    static Param optional(String name, Type type, Object defaultValue, String description) {
        return new Param(name, type, false, defaultValue, null, description);
    }

    static Param choice(String name, boolean required, Object defaultValue, List<String> choices, String description) {
        return new Param(name, Type.CHOICE, required, defaultValue, choices, description);
    }
}
