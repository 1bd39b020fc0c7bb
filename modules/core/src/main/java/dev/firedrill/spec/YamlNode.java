package dev.firedrill.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a drill file as read, with the line and column it starts at, so that every error can
 * point at the field that caused it.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** 1-based line of the node's first character. */
    int line();

    /** 1-based column of the node's first character. */
    int column();

    /** What the node is, for messages: "a mapping", "a list", "a text", ... */
    String describe();

    /** A mapping; keys keep their order and their own positions. */
    record Mapping(Map<String, YamlNode> entries, Map<String, int[]> keyPositions, int line, int column) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        /** This mapping with one more text entry, placed where the mapping starts (a default the reader fills in). */
        Mapping with(String key, String text) {
            Map<String, YamlNode> more = new LinkedHashMap<>(entries);
            more.put(key, new Scalar(text, false, Scalar.Kind.TEXT, line, column));
            Map<String, int[]> positions = new LinkedHashMap<>(keyPositions);
            positions.put(key, new int[] {line, column});
            return new Mapping(more, positions, line, column);
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar; {@code text} is null for YAML null. {@code quoted} is false for plain scalars, where
     * YAML would read {@code 10} as a number and {@code yes} as a boolean.
     */
    record Scalar(String text, boolean quoted, Kind kind, int line, int column) implements YamlNode {
        enum Kind { TEXT, NUMBER, BOOLEAN, NULL }

        @Override
        public String describe() {
            return switch (kind) {
                case TEXT -> "the text '" + text + "'";
                case NUMBER -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "nothing (null)";
            };
        }
    }
}
