package dev.firedrill;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A controllable {@link HarnessClock} for tests: time moves only when told to.
 *
 * <p>Example: {@code var clock = new ManualClock(); clock.advance(Duration.ofSeconds(5));
 * clock.jumpWall(Duration.ofHours(-1)); // an NTP step: wall time moves, durations do not}
 */
public final class ManualClock implements HarnessClock {

    /** The default start: an arbitrary fixed instant, so tests are reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant wall;
    private long monotonicNanos;

    /** A clock at {@link #DEFAULT_START} with monotonic time 0. */
    public ManualClock() {
        this(DEFAULT_START, 0L);
    }

    /** A clock at the given wall time and monotonic reading. */
    public ManualClock(Instant wall, long monotonicNanos) {
        this.wall = Objects.requireNonNull(wall, "wall must not be null");
        this.monotonicNanos = monotonicNanos;
    }

    @Override
    public synchronized TimePoint now() {
        return new TimePoint(wall, monotonicNanos);
    }

    /** Moves wall and monotonic time forward by {@code d}; returns the new now. */
    public synchronized TimePoint advance(Duration d) {
        Objects.requireNonNull(d, "duration must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException("ManualClock.advance: duration must not be negative, was " + d
                    + " (use jumpWall for a wall-clock step backwards)");
        }
        wall = wall.plus(d);
        monotonicNanos += d.toNanos();
        return now();
    }

    /** Moves {@code millis} milliseconds forward; a shorthand for synthetic histories. */
    public TimePoint advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    /** Moves wall time only (a clock step, forwards or backwards); monotonic time stays. */
    public synchronized TimePoint jumpWall(Duration d) {
        Objects.requireNonNull(d, "duration must not be null");
        wall = wall.plus(d);
        return now();
    }

    @Override
    public synchronized String toString() {
        return "ManualClock[" + wall + ", mono=" + monotonicNanos + "ns]";
    }
}
