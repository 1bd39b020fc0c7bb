package dev.firedrill;

import java.time.Duration;
import java.util.Objects;

/**
 * One window of failed observations on a path: from the start of its first failed observation to the
 * answer of the first success that begins a steady run (K successes in a row) after it. Successes fewer
 * than K between failures (a flapping recovery) do not end a window.
 *
 * <p>Example: a kill seen from 12:00:01.003 to 12:00:09.250 with 41 failed writes is
 * {@code new FailureWindow(start, end, 41)}; {@code duration()} is 8.247 s.
 *
 * @param start    the start of the window's first failed observation
 * @param end      the answer of the success that began the steady run closing it; null when the path never became
 *                 steady again
 * @param failures how many observations failed in the window
 */
public record FailureWindow(TimePoint start, TimePoint end, int failures) {

    /** Validates the window. */
    public FailureWindow {
        Objects.requireNonNull(start, "FailureWindow.start must not be null");
        if (failures < 1) {
            throw new IllegalArgumentException("FailureWindow.failures must be >= 1, was " + failures);
        }
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("FailureWindow.end (" + end.wall() + ") is before its start (" + start.wall() + ")");
        }
    }

    /** Whether the path became steady again after this window. */
    public boolean closed() {
        return end != null;
    }

    /** From start to end; null when the window never closed. */
    public Duration duration() {
        return end == null ? null : end.since(start);
    }
}
