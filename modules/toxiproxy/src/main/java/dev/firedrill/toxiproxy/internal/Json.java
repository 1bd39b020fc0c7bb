package dev.firedrill.toxiproxy.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer that behaves like Go's {@code encoding/json} where clients can see it.
 *
 * <p>Values read are {@link Map} (insertion ordered), {@link List}, {@link String}, {@link Boolean},
 * {@link Number} (the literal text is kept, so "100.0" is not mistaken for an integer) and {@code null}.
 * Only the first value of the input is read; what follows it is ignored, as Go's {@code Decoder} does.
 */
public final class Json {

    /** Nesting deeper than this is refused instead of risking the stack. */
    static final int MAX_DEPTH = 256;

    private Json() {
    }

    /** A JSON number as written in the document. */
    public record Number(String text) {
        /** The value when it is an integer that fits a long, else null (Go refuses 1.5, 100.0 and 1e3 for int64). */
        public Long asLong() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.' || c == 'e' || c == 'E') {
                    return null;
                }
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                return null;
            }
        }

        public double asDouble() {
            return new BigDecimal(text).doubleValue();
        }
    }

    /** The input is not valid JSON; the message reads like Go's. */
    public static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Reads the first JSON value of {@code text}. */
    public static Object parse(String text) throws SyntaxException {
        return new Reader(text).readDocument();
    }

    /** What Go calls the JSON kind of a value in "cannot unmarshal X into ..." messages. */
    public static String kindOf(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Number n) {
            return "number " + n.text();
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof Map) {
            return "object";
        }
        return "null";
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Object readDocument() throws SyntaxException {
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("EOF");
            }
            return readValue(0);
        }

        private Object readValue(int depth) throws SyntaxException {
            if (depth > MAX_DEPTH) {
                throw new SyntaxException("exceeded max depth");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected EOF");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return readObject(depth);
                case '[':
                    return readArray(depth);
                case '"':
                    return readString();
                case 't':
                    return readLiteral("true", Boolean.TRUE);
                case 'f':
                    return readLiteral("false", Boolean.FALSE);
                case 'n':
                    return readLiteral("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return readNumber();
                    }
                    throw invalid(c, "looking for beginning of value");
            }
        }

        private Map<String, Object> readObject(int depth) throws SyntaxException {
            pos++;
            Map<String, Object> object = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return object;
            }
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                if (s.charAt(pos) != '"') {
                    throw invalid(s.charAt(pos), "looking for beginning of object key string");
                }
                String key = readString();
                skipSpace();
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                if (s.charAt(pos) != ':') {
                    throw invalid(s.charAt(pos), "after object key");
                }
                pos++;
                object.put(key, readValue(depth + 1));
                skipSpace();
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char c = s.charAt(pos++);
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    pos--;
                    throw invalid(c, "after object key:value pair");
                }
            }
        }

        private List<Object> readArray(int depth) throws SyntaxException {
            pos++;
            List<Object> array = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return array;
            }
            while (true) {
                array.add(readValue(depth + 1));
                skipSpace();
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    return array;
                }
                if (c != ',') {
                    pos--;
                    throw invalid(c, "after array element");
                }
            }
        }

        private String readString() throws SyntaxException {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw invalid(c, "in string literal");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new SyntaxException("unexpected EOF");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(s.charAt(pos), 16);
                            if (digit < 0) {
                                throw invalid(s.charAt(pos), "in \\u hexadecimal character escape");
                            }
                            code = code * 16 + digit;
                            pos++;
                        }
                        out.append((char) code);
                    }
                    default -> {
                        pos--;
                        throw invalid(e, "in string escape code");
                    }
                }
            }
        }

        private Object readLiteral(String word, Object value) throws SyntaxException {
            for (int i = 0; i < word.length(); i++) {
                if (pos >= s.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char c = s.charAt(pos);
                if (c != word.charAt(i)) {
                    throw invalid(c, "in literal " + word + " (expecting '" + word.charAt(i) + "')");
                }
                pos++;
            }
            return value;
        }

        private Number readNumber() throws SyntaxException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected EOF");
            }
            char c = s.charAt(pos);
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                digits();
            } else {
                throw invalid(c, "in numeric literal");
            }
            if (peek() == '.') {
                pos++;
                requireDigit();
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                requireDigit();
                digits();
            }
            return new Number(s.substring(start, pos));
        }

        private void requireDigit() throws SyntaxException {
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected EOF");
            }
            char c = s.charAt(pos);
            if (c < '0' || c > '9') {
                throw invalid(c, "in numeric literal");
            }
        }

        private void digits() {
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private static SyntaxException invalid(char c, String context) {
            String shown = switch (c) {
                case '\'' -> "'\\''";
                case '"' -> "'\"'";
                case '\n' -> "'\\n'";
                case '\r' -> "'\\r'";
                case '\t' -> "'\\t'";
                default -> c < 0x20 ? String.format("'\\x%02x'", (int) c) : "'" + c + "'";
            };
            return new SyntaxException("invalid character " + shown + " " + context);
        }
    }

    /** Appends {@code value} as a JSON string, escaping like Go (HTML-safe: {@code < > &} as \\u escapes). */
    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Formats a float32 the way Go's encoding/json does for common values: 1, 0.5, -1, 2.5. */
    public static String formatFloat32(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e21) {
            return Long.toString((long) value);
        }
        double abs = Math.abs(value);
        BigDecimal decimal = new BigDecimal(Float.toString(value));
        if (abs < 1e-6 || abs >= 1e21) {
            String text = Float.toString(value).replace('E', 'e');
            int e = text.indexOf('e');
            String exponent = text.substring(e + 1);
            String sign = exponent.startsWith("-") ? "-" : "+";
            String digits = exponent.replace("-", "");
            if (digits.length() < 2) {
                digits = "0" + digits;
            }
            String mantissa = text.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            return mantissa + "e" + sign + digits;
        }
        return decimal.stripTrailingZeros().toPlainString();
    }
}
