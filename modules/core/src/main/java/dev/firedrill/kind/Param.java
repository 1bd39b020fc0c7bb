package dev.firedrill.kind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One field of a drill file's entry (a fault, a recovery step, a probe, an objective, ...): its name, type, whether
 * it is required, its default, the values it may take, what it means and, where it has one, its unit. The drill-file
 * reader reads by it and the JSON Schema and the kinds reference are generated from it, so they cannot disagree.
 *
 * <p>Example: {@code Param.required("kilobytes-per-second", Param.Type.INTEGER, "rate; 0 stalls").unit("KB/s")}
 *
 * @param defaultValue the value when the field is left out: of the type's Java class ({@link Type#javaType()}); null
 *                     for a required field, and for an optional one whose absence the factory checks ({@link Args#has})
 * @param choices      the valid values of a {@link Type#CHOICE} field; empty for the other types
 * @param unit         the unit of a number ({@code bytes}, {@code KB/s}), or null
 */
public record Param(String name, Type type, boolean required, Object defaultValue, List<String> choices, String description,
        String unit) {

    /** What a valid duration looks like, for messages and the schema. */
    public static final String DURATION_FORMAT = "a number with a unit: ms, s, m or h (e.g. 800ms, 10s, 2m, 1m30s) or ISO-8601 (PT10S)";

    /** The value types a field can have, and the Java type a factory reads each as ({@link Args}). */
    public enum Type {
        TEXT("a text", String.class),
        INTEGER("a whole number", Integer.class),
        NUMBER("a number", Number.class),
        DURATION("a duration (" + DURATION_FORMAT + ")", Duration.class),
        TEXTS("a list of texts", List.class),
        CHOICE("one of the listed values", String.class),
        SHARE("a share: 0.01 or 1%", Double.class),
        TEXT_MAP("a mapping of names to texts", Map.class),
        BOOLEAN("true or false", Boolean.class);

        private final String describe;
        private final Class<?> javaType;

        Type(String describe, Class<?> javaType) {
            this.describe = describe;
            this.javaType = javaType;
        }

        /** What a value of this type looks like, for messages: "a whole number". */
        public String describe() {
            return describe;
        }

        /** The class of the values a factory reads ({@link Args}): {@code Integer} for {@link #INTEGER}. */
        public Class<?> javaType() {
            return javaType;
        }
    }

    public Param {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a parameter's name is lower-case letters, digits and hyphens, starting with a letter; got '"
                    + name + "'");
        }
        Objects.requireNonNull(type, () -> "parameter '" + name + "' needs a type");
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("parameter '" + name + "' needs a description");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is a choice and needs the values it may take");
        }
        if (type != Type.CHOICE && !choices.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is " + type + ", not a choice: it takes no list of values");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required, so it has no default (got " + defaultValue + ")");
        }
        if (defaultValue != null && !type.javaType().isInstance(defaultValue)) {
            throw new IllegalArgumentException("parameter '" + name + "' is " + type.describe() + "; its default " + defaultValue
                    + " (" + defaultValue.getClass().getSimpleName() + ") is not of the type it is read as, " + type.javaType().getSimpleName());
        }
        if (type == Type.CHOICE && defaultValue != null && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("parameter '" + name + "': its default '" + defaultValue + "' is not one of " + choices);
        }
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
    }

    /** A field without a unit. */
    public Param(String name, Type type, boolean required, Object defaultValue, List<String> choices, String description) {
        this(name, type, required, defaultValue, choices, description, null);
    }

    /** A field the entry must set. */
    public static Param required(String name, Type type, String description) {
        return new Param(name, type, true, null, null, description);
    }

    /** A field that may be left out: then {@code defaultValue} (null: the factory checks {@link Args#has}). */
    public static Param optional(String name, Type type, Object defaultValue, String description) {
        return new Param(name, type, false, defaultValue, null, description);
    }

    /** A field that takes one of {@code choices}. */
    public static Param choice(String name, boolean required, String defaultValue, List<String> choices, String description) {
        return new Param(name, Type.CHOICE, required, defaultValue, choices, description);
    }

    /** The same field, its numbers in {@code unit} (e.g. {@code bytes}). */
    public Param unit(String unit) {
        return new Param(name, type, required, defaultValue, choices, description, unit);
    }
}
