package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.TimePoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Error-rate detection (docs/measurements.md, D13): fires at the first instant at which the share of
 * failed observations over the last {@code window} (at least {@code minObservations} of them)
 * exceeds {@code threshold}. An observation counts at its end (when its outcome is known) and
 * fails when its answer was wrong or slower than the latency objective.
 *
 * <p>Example: {@code ErrorRateDetector.defaults().firstFiring(timeline.observations("write"), disruption)};
 * live: {@code var live = detector.live(); if (live.offer(observation)) startRollback();}
 */
public record ErrorRateDetector(Duration window, int minObservations, double threshold, Duration latencyObjective) {

    /** Validates. */
    public ErrorRateDetector {
        Objects.requireNonNull(window, "ErrorRateDetector.window must not be null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("ErrorRateDetector.window must be positive, was " + window);
        }
        if (minObservations < 1) {
            throw new IllegalArgumentException("ErrorRateDetector.minObservations must be >= 1, was " + minObservations);
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("ErrorRateDetector.threshold must be in [0, 1), was " + threshold);
        }
        Objects.requireNonNull(latencyObjective, "ErrorRateDetector.latencyObjective must not be null");
    }

    /** 5 s window, at least 20 observations, threshold 5 %, latency objective 1 s. */
    public static ErrorRateDetector defaults() {
        return new ErrorRateDetector(Duration.ofSeconds(5), 20, 0.05, RecoveryAnalysis.DEFAULT_LATENCY_OBJECTIVE);
    }

    /** This detector with another threshold (a share, e.g. 0.05 for 5 %). */
    public ErrorRateDetector withThreshold(double share) {
        return new ErrorRateDetector(window, minObservations, share, latencyObjective);
    }

    /** The first instant the detector fires over these observations. */
    public Optional<TimePoint> firstFiring(List<Observation> observations) {
        return firstFiring(observations, null);
    }

    /** The first instant at or after {@code from} (e.g. the disruption) the detector fires; the window may reach back before it. */
    public Optional<TimePoint> firstFiring(List<Observation> observations, TimePoint from) {
        List<Observation> byEnd = new ArrayList<>(observations);
        byEnd.sort(Comparator.comparing(Observation::end));
        Live live = live();
        for (Observation o : byEnd) {
            if (live.offer(o) && (from == null || !o.end().isBefore(from))) {
                return Optional.of(o.end());
            }
        }
        return Optional.empty();
    }

    /**
     * Detection by error rate: from {@code disruption} to the first firing at or after it, applied to
     * a recovery measurement (D13). Detection becomes null when the detector never fired.
     */
    public RecoveryMeasurement applyTo(RecoveryMeasurement m, List<Observation> observations, TimePoint disruption) {
        Optional<TimePoint> fired = firstFiring(observations, disruption);
        return m.withDetection(fired.map(t -> t.since(disruption)).orElse(null), fired.orElse(null));
    }

    /** This detector watching {@code path}, as a drill's recovery trigger: {@code .recoverWhen(ErrorRateDetector.defaults().on("write"))}. */
    public On on(String path) {
        Slos.requirePath(path);
        return new On(this, path, dev.firedrill.Marker.DISRUPTION);
    }

    /**
     * This detector watching a path, as a value (two drills with the same trigger are equal), counting observations from
     * {@code countsFrom}: the disruption, or the instant the fault took effect ({@link #fromEffect()}).
     */
    public record On(ErrorRateDetector spec, String path, dev.firedrill.Marker countsFrom) implements dev.firedrill.Detector {

        public On {
            if (countsFrom != dev.firedrill.Marker.DISRUPTION && countsFrom != dev.firedrill.Marker.FAULT_VERIFIED) {
                throw new IllegalArgumentException("a detector counts from disruption or fault-verified, not " + countsFrom);
            }
        }

        /** The same, counting only what ends after the fault took effect ({@code fault-verified}): a release's deploy gap is not judged. */
        public On fromEffect() {
            return new On(spec, path, dev.firedrill.Marker.FAULT_VERIFIED);
        }

        @Override
        public String name() {
            return "error rate(" + path + ") > " + (spec.threshold * 100) + " % over " + spec.window.toMillis() + " ms"
                    + (countsFrom == dev.firedrill.Marker.DISRUPTION ? "" : ", counted from " + countsFrom.id());
        }

        /**
         * From the disruption the window may reach back before it (the steady state's successes count); from the fault's
         * effect only observations begun at or after {@code since} count, so the gap before it is not judged.
         */
        @Override
        public Optional<TimePoint> firedAt(List<Observation> observations, TimePoint since) {
            if (countsFrom == dev.firedrill.Marker.DISRUPTION) {
                return spec.firstFiring(observations, since);
            }
            return spec.firstFiring(observations.stream().filter(o -> !o.start().isBefore(since)).toList(), since);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** An incremental detector for use while the drill runs; offer observations in the order they end. */
    public Live live() {
        return new Live(this);
    }

    /** The running state of one detector; thread-safe. */
    public static final class Live {
        private final ErrorRateDetector spec;
        private final ArrayDeque<long[]> window = new ArrayDeque<>(); // {end mono, failed 0/1}
        private int errors;
        private TimePoint firedAt;

        private Live(ErrorRateDetector spec) {
            this.spec = spec;
        }

        /** Adds one observation; returns whether the error rate over the window now exceeds the threshold. */
        public synchronized boolean offer(Observation o) {
            long end = o.end().monotonicNanos();
            int failed = o.succeededWithin(spec.latencyObjective) ? 0 : 1;
            window.addLast(new long[] {end, failed});
            errors += failed;
            long windowNanos = spec.window.toNanos();
            while (!window.isEmpty() && end - window.peekFirst()[0] >= windowNanos) {
                errors -= (int) window.removeFirst()[1];
            }
            boolean exceeds = window.size() >= spec.minObservations
                    && (double) errors / window.size() > spec.threshold;
            if (exceeds && firedAt == null) {
                firedAt = o.end();
            }
            return exceeds;
        }

        /** When the detector first fired, if it did. */
        public synchronized Optional<TimePoint> firedAt() {
            return Optional.ofNullable(firedAt);
        }

        /** The current error rate over the window (0 when empty). */
        public synchronized double errorRate() {
            return window.isEmpty() ? 0.0 : (double) errors / window.size();
        }
    }
}
