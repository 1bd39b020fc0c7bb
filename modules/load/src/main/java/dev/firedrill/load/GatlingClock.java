package dev.firedrill.load;

import dev.firedrill.HarnessClock;
import dev.firedrill.TimePoint;
import io.gatling.commons.util.Clock;

import java.time.Instant;

/**
 * Gatling's clock read from the drill's: every timestamp Gatling gives a request (epoch milliseconds) is a point of
 * the drill's monotonic clock, so that {@link #at} turns it back into the drill's {@link TimePoint} exactly (to the
 * millisecond), whatever the wall clock does during the run. Gatling's own default clock works the same way (a
 * monotonic offset from one wall-clock reading), from a reading of its own.
 */
final class GatlingClock implements Clock {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final HarnessClock clock;
    private final long originWallMillis;
    private final long originMonoNanos;

    GatlingClock(HarnessClock clock) {
        this.clock = clock;
        TimePoint origin = clock.now();
        this.originWallMillis = origin.wall().toEpochMilli();
        this.originMonoNanos = origin.monotonicNanos();
    }

    /** The drill's clock, in epoch milliseconds. */
    @Override
    public long nowMillis() {
        return originWallMillis + Math.floorDiv(clock.now().monotonicNanos() - originMonoNanos, NANOS_PER_MILLI);
    }

    /** The drill's instant of a timestamp this clock gave. */
    TimePoint at(long epochMillis) {
        return new TimePoint(Instant.ofEpochMilli(epochMillis), originMonoNanos + (epochMillis - originWallMillis) * NANOS_PER_MILLI);
    }

    /** The drill's clock. */
    HarnessClock drillClock() {
        return clock;
    }
}
