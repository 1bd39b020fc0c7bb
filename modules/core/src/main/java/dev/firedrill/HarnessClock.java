package dev.firedrill;

import java.time.Instant;

/**
 * The harness's clock: wall time for reports, monotonic time for every duration.
 *
 * <p>Example: {@code TimePoint t = HarnessClock.system().now();} — tests use {@link ManualClock}.
 */
public interface HarnessClock {

    /** The current instant on both clocks. */
    TimePoint now();

    /** The system clock: {@link Instant#now()} and {@link System#nanoTime()}. */
    static HarnessClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock; a singleton because it holds no state. */
    enum SystemClock implements HarnessClock {
        INSTANCE;

        @Override
        public TimePoint now() {
            return new TimePoint(Instant.now(), System.nanoTime());
        }

        @Override
        public String toString() {
            return "HarnessClock.system()";
        }
    }
}
