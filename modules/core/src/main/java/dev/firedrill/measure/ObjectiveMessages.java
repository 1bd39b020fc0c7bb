package dev.firedrill.measure;

import dev.firedrill.ObjectiveResult;
import java.time.Duration;
import java.util.Locale;

/**
 * The messages objectives produce, built in one place so that every one names the objective, the
 * phase, the measured value and the target. Example: {@code "RTO of path 'write' (phase recovery)
 * was PT48.2S, target ≤ PT45S: missed"}.
 */
final class ObjectiveMessages {

    private ObjectiveMessages() {
    }

    /** "{what} (phase p) was {measured}, target {comparison} {target}: met|missed". */
    static ObjectiveResult judged(String name, String what, String phase, String comparison, String targetText,
            String targetValue, String measuredText, String measuredValue, String unit, boolean passed) {
        String message = what + where(phase) + " was " + measuredText + ", target " + comparison + " " + targetText
                + ": " + (passed ? "met" : "missed");
        return new ObjectiveResult(name, phase, comparison + " " + targetValue, measuredValue, unit, passed, message);
    }

    /** An objective that could not be measured: always missed, saying why. */
    static ObjectiveResult notMeasured(String name, String what, String phase, String comparison, String targetText,
            String targetValue, String unit, String why) {
        String message = what + where(phase) + " was not measured (" + why + "), target " + comparison + " "
                + targetText + ": missed";
        return new ObjectiveResult(name, phase, comparison + " " + targetValue, null, unit, false, message);
    }

    private static String where(String phase) {
        return phase == null ? " (whole drill)" : " (phase " + phase + ")";
    }

    static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    static String percent(double share) {
        String s = String.format(Locale.ROOT, "%.3f", share * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " %";
    }

    static String share(double share) {
        return String.format(Locale.ROOT, "%.6f", share).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
