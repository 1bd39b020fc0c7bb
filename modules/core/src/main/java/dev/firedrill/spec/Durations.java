package dev.firedrill.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as drill files write them: a number and a unit ({@code 800ms}, {@code 10s}, {@code 2m}, {@code 4h}, {@code 1m30s}) or ISO-8601 ({@code PT10S}). */
public final class Durations {

    /** What a valid duration looks like, for messages. */
    public static final String VALID = dev.firedrill.kind.Param.DURATION_FORMAT;
    /** The pattern the JSON Schema uses. */
    public static final String PATTERN = "^(([0-9]+(\\.[0-9]+)?(ms|s|m|h))+|P(T.+|.+))$";

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** Parses {@code text}; {@link IllegalArgumentException} saying what is valid otherwise. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; use " + VALID);
            }
        }
        if (t.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("the duration '" + text + "' has no unit; use " + VALID);
        }
        Matcher m = PART.matcher(t);
        int at = 0;
        Duration total = Duration.ZERO;
        while (m.find() && m.start() == at) {
            double amount = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "ms" -> Math.round(amount * 1_000_000L);
                case "s" -> Math.round(amount * 1_000_000_000L);
                case "m" -> Math.round(amount * 60_000_000_000L);
                default -> Math.round(amount * 3_600_000_000_000L);
            };
            total = total.plusNanos(nanos);
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use " + VALID);
        }
        return total;
    }

    /** The shortest text that reads back as {@code d}: {@code 45s}, {@code 800ms}, {@code 2m}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toString();
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
