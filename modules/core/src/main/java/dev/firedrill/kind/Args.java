package dev.firedrill.kind;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field values of one drill-file entry, by parameter name, as a kind's factory reads them: every parameter the
 * kind declares has a value, its default when the entry left it out (null for an optional field without one).
 * The reader has already checked each value against its {@link Param}, so a getter of the parameter's type cannot
 * fail on a value the file gave.
 *
 * <p>Example: {@code a -> Faults.latency(a.text("target"), a.duration("latency"))}
 */
public final class Args {

    private final Map<String, Object> values;

    /** {@code values}: by parameter name; null stands for "left out, no default". */
    public Args(Map<String, ?> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every value by name, in the kind's parameter order. */
    public Map<String, Object> values() {
        return values;
    }

    /** A {@link Param.Type#TEXT} or {@link Param.Type#CHOICE} value; null when left out without a default. */
    public String text(String name) {
        return value(name, String.class);
    }

    /** The service the entry acts on: its {@code target} field. */
    public String target() {
        return text("target");
    }

    /** An {@link Param.Type#INTEGER} value. */
    public int integer(String name) {
        return present(name, Integer.class);
    }

    /** A {@link Param.Type#NUMBER} or {@link Param.Type#SHARE} value. */
    public double number(String name) {
        return present(name, Number.class).doubleValue();
    }

    /** A {@link Param.Type#DURATION} value; null when left out without a default. */
    public Duration duration(String name) {
        return value(name, Duration.class);
    }

    /** A {@link Param.Type#BOOLEAN} value. */
    public boolean bool(String name) {
        return present(name, Boolean.class);
    }

    /** A {@link Param.Type#TEXTS} value; null when left out without a default. */
    @SuppressWarnings("unchecked")
    public List<String> texts(String name) {
        return value(name, List.class);
    }

    /** A {@link Param.Type#TEXT_MAP} value; null when left out without a default. */
    @SuppressWarnings("unchecked")
    public Map<String, String> textMap(String name) {
        return value(name, Map.class);
    }

    /** Whether the field has a value (given, or defaulted). */
    public boolean has(String name) {
        return value(name, Object.class) != null;
    }

    private <V> V present(String name, Class<V> type) {
        V v = value(name, type);
        if (v == null) {
            throw new IllegalStateException("parameter '" + name + "' has no value: declare a default or check has(\"" + name + "\") first");
        }
        return v;
    }

    private <V> V value(String name, Class<V> type) {
        if (!values.containsKey(name)) {
            throw new IllegalStateException("no parameter '" + name + "' in this entry; its parameters are " + values.keySet());
        }
        Object v = values.get(name);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalStateException("parameter '" + name + "' holds " + v + " (" + v.getClass().getSimpleName() + "), not read as "
                    + type.getSimpleName() + ": use the getter of its type");
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Args other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Args" + values;
    }
}
