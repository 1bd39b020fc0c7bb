package dev.firedrill;

import java.time.Duration;
import java.util.Objects;

/**
 * One probe observation on a path ("write", "read", "cache", "tls"...): when it started, how long
 * it took, whether the answer was correct. Whether it also met the latency objective is judged
 * by the analysis, not here.
 */
public record Observation(String path, TimePoint start, Duration latency, boolean success, String detail) {

    /** Validates path, start and latency. */
    public Observation {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Observation.path must not be blank, was '" + path + "'");
        }
        Objects.requireNonNull(start, "Observation.start must not be null (path '" + path + "')");
        Objects.requireNonNull(latency, "Observation.latency must not be null (path '" + path + "')");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("Observation.latency must not be negative (path '" + path
                    + "'), was " + latency);
        }
    }

    /** When the answer (or the error) arrived: start plus latency. */
    public TimePoint end() {
        return start.plus(latency);
    }

    /** A success within the given latency objective. */
    public boolean succeededWithin(Duration latencyObjective) {
        return success && latency.compareTo(latencyObjective) <= 0;
    }
}
