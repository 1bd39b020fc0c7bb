package dev.firedrill;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An abort condition: a probed path (its own probe, or one of the drill's) and a detector over its
 * observations; when the detector fires, the drill stops at once, every fault is reverted, and the
 * drill fails naming the guard. Guards watch from the steady state on, so that a fault's blast radius
 * beyond what the drill meant (another service's error rate, its health) stops the drill.
 *
 * <p>Example: {@code Guard.consecutiveFailures("health", Probes.get("health", "ledger", 8080, "/health"), 3)}, or
 * {@code new Guard("write", null, ErrorRateDetector.defaults().withThreshold(0.5).on("write"))}
 *
 * @param path    the path watched
 * @param probe   the guard's own probe, or null when it watches a path the drill probes
 * @param abortWhen fires when the drill must stop
 */
public record Guard(String path, Function<SystemUnderTest, Probe> probe, Detector abortWhen) {

    public Guard {
        Objects.requireNonNull(path, "Guard.path must not be null");
        Objects.requireNonNull(abortWhen, "Guard.abortWhen must not be null");
        if (!abortWhen.path().equals(path)) {
            throw new IllegalArgumentException("Guard on path '" + path + "': its detector watches '" + abortWhen.path() + "'");
        }
    }

    /** Aborts after {@code count} consecutive failed observations of {@code path}. */
    public static Guard consecutiveFailures(String path, Function<SystemUnderTest, Probe> probe, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Guard on path '" + path + "': consecutive failures must be at least 1, was " + count);
        }
        return new Guard(path, probe, new ConsecutiveFailures(path, count));
    }

    /** A readable name, e.g. {@code guard health: 3 consecutive failures}. */
    public String name() {
        return "guard " + abortWhen.name();
    }

    private record ConsecutiveFailures(String path, int count) implements Detector {
        @Override
        public String name() {
            return count + " consecutive failures of path '" + path + "'";
        }

        @Override
        public Optional<TimePoint> firedAt(List<Observation> observations, TimePoint since) {
            int run = 0;
            for (Observation o : observations) {
                if (o.start().isBefore(since)) {
                    continue;
                }
                run = o.success() ? 0 : run + 1;
                if (run >= count) {
                    return Optional.of(o.end());
                }
            }
            return Optional.empty();
        }
    }
}
