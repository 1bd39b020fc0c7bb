package dev.firedrill;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One instant read from a {@link HarnessClock}: wall time (shown in reports) and monotonic
 * nanoseconds (used for every duration and every ordering, so a wall-clock step changes nothing).
 *
 * <p>Example: {@code Duration rto = firstSuccess.since(disruption);}
 */
public record TimePoint(Instant wall, long monotonicNanos) implements Comparable<TimePoint> {

    /** Validates the wall time. */
    public TimePoint {
        Objects.requireNonNull(wall, "TimePoint.wall must not be null");
    }

    /** Monotonic time elapsed since {@code earlier}; negative when {@code earlier} is in fact later. */
    public Duration since(TimePoint earlier) {
        Objects.requireNonNull(earlier, "earlier must not be null");
        return Duration.ofNanos(monotonicNanos - earlier.monotonicNanos);
    }

    /** Whether this point comes strictly before {@code other} on the monotonic clock. */
    public boolean isBefore(TimePoint other) {
        Objects.requireNonNull(other, "other must not be null");
        return monotonicNanos - other.monotonicNanos < 0;
    }

    /** Whether this point comes strictly after {@code other} on the monotonic clock. */
    public boolean isAfter(TimePoint other) {
        return other.isBefore(this);
    }

    /** This point moved by {@code d} on both clocks (e.g. the end of an observation). */
    public TimePoint plus(Duration d) {
        Objects.requireNonNull(d, "duration must not be null");
        return new TimePoint(wall.plus(d), monotonicNanos + d.toNanos());
    }

    /** Orders by monotonic time. */
    @Override
    public int compareTo(TimePoint o) {
        return Long.compare(monotonicNanos - o.monotonicNanos, 0);
    }

    /**
     * The point of wall time {@code wall} on the same clocks as {@code reference}: its monotonic time moved by the
     * wall-clock difference. For instants another process dated with the same wall clock (a Prometheus evaluation on
     * this host), so they can be ordered among the drill's own.
     */
    public static TimePoint atWall(Instant wall, TimePoint reference) {
        Objects.requireNonNull(reference, "reference must not be null");
        return new TimePoint(wall, reference.monotonicNanos() + Duration.between(reference.wall(), wall).toNanos());
    }
}
