package dev.firedrill.toxiproxy.internal;

import java.util.Map;

/**
 * Reads the fields of one decoded JSON object the way Go decodes into a struct: keys match
 * case-insensitively, the last matching key wins, {@code null} leaves the default, unknown keys are
 * ignored, and a value of the wrong kind is a "cannot unmarshal" error naming the struct field.
 */
final class GoFields {

    /** A body that cannot be decoded into the expected shape; the message is Go's text. */
    static final class DecodeException extends Exception {
        DecodeException(String message) {
            super(message);
        }
    }

    private final Map<String, Object> object;
    private final String structName;
    private final String pathPrefix;

    private GoFields(Map<String, Object> object, String structName, String pathPrefix) {
        this.object = object;
        this.structName = structName;
        this.pathPrefix = pathPrefix;
    }

    /** The fields of {@code root}, which must be an object or null (null reads as an empty object). */
    @SuppressWarnings("unchecked")
    static GoFields of(Object root, String goType, String structName) throws DecodeException {
        if (root == null) {
            return new GoFields(Map.of(), structName, "");
        }
        if (!(root instanceof Map)) {
            throw new DecodeException("json: cannot unmarshal " + kind(root) + " into Go value of type " + goType);
        }
        return new GoFields((Map<String, Object>) root, structName, "");
    }

    /** The fields of the nested object under {@code field}, reported as {@code structName.field.x}. */
    @SuppressWarnings("unchecked")
    GoFields nested(String field, String nestedStruct) throws DecodeException {
        Object value = raw(field);
        String path = pathPrefix + field + ".";
        if (value == null) {
            return new GoFields(Map.of(), nestedStruct, path);
        }
        if (!(value instanceof Map)) {
            throw mismatch(value, field, "map[string]interface {}");
        }
        return new GoFields((Map<String, Object>) value, nestedStruct, path);
    }

    Object raw(String field) {
        Object found = null;
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(field)) {
                found = entry.getValue();
            }
        }
        return found;
    }

    String string(String field, String fallback) throws DecodeException {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw mismatch(value, field, "string");
        }
        return s;
    }

    Boolean bool(String field, Boolean fallback) throws DecodeException {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw mismatch(value, field, "bool");
        }
        return b;
    }

    Float float32(String field, Float fallback) throws DecodeException {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Json.Number n)) {
            throw mismatch(value, field, "float32");
        }
        double d = n.asDouble();
        if (Double.isInfinite(d) || Math.abs(d) > Float.MAX_VALUE) {
            throw mismatch(value, field, "float32");
        }
        return (float) d;
    }

    Long int64(String field, Long fallback) throws DecodeException {
        Object value = raw(field);
        if (value == null) {
            return fallback;
        }
        Long result = value instanceof Json.Number n ? n.asLong() : null;
        if (result == null) {
            throw mismatch(value, field, "int64");
        }
        return result;
    }

    private DecodeException mismatch(Object value, String field, String goType) {
        String kind = value instanceof Json.Number && !goType.equals("int64") && !goType.equals("float32")
                ? "number" : Json.kindOf(value);
        return new DecodeException("json: cannot unmarshal " + kind + " into Go struct field "
                + structName + "." + pathPrefix + field + " of type " + goType);
    }

    private static String kind(Object value) {
        return value instanceof Json.Number ? "number" : Json.kindOf(value);
    }
}
