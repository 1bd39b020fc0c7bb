package dev.firedrill;

/**
 * Minimal JSON string escaping for the line files (ledger, timeline), where a JSON library would cost speed.
 * Example: {@code JsonText.appendString(sb, "a \"quoted\" word")}.
 */
public final class JsonText {

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string literal, or {@code null}. */
    public static void appendString(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
