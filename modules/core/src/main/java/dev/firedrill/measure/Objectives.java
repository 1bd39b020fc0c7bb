package dev.firedrill.measure;

import java.time.Duration;

/** Words for objective targets. */
final class Objectives {

    private Objectives() {
    }

    /** {@code 45 s}, {@code 500 ms}, {@code 4 h}, {@code 1 min 30 s}. */
    static String words(Duration d) {
        if (d.isZero()) {
            return "0 s";
        }
        if (d.toMillis() < 1000 || d.toMillisPart() != 0) {
            return d.toMillis() + " ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append(" h ");
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append(" min ");
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append(" s ");
        }
        return out.toString().trim();
    }
}
