package dev.firedrill;

import java.util.List;
import java.util.Optional;

/**
 * What starts the recovery of a drill whose procedure is triggered by detection (docs/measurements.md,
 * D13) instead of after the hold; it also defines that drill's detection time on its path.
 * Implementations: {@code dev.firedrill.measure.ErrorRateDetector#on(String)}.
 *
 * <p>Example: {@code Drill.builder("D13", "Bad release").recoverWhen(ErrorRateDetector.defaults().on("write"))}
 */
public interface Detector {

    /** A name for the timeline and the report, e.g. {@code error rate(write) > 5 % over 5 s}. */
    String name();

    /** The probed path it watches. */
    String path();

    /** The first instant at or after {@code since} at which it fires over these observations. */
    Optional<TimePoint> firedAt(List<Observation> observations, TimePoint since);

    /**
     * The marker from which its observations count: {@link Marker#DISRUPTION} by default; {@link Marker#FAULT_VERIFIED}
     * when the fault's own action has a gap the detector is not to judge (a release deployed by recreating the service's
     * container: the recreation's refusals are the deploy's, the failures after it are the release's). Detection is
     * still timed from the disruption.
     */
    default Marker countsFrom() {
        return Marker.DISRUPTION;
    }

    /** Its first firing on {@code timeline}, counting from {@link #countsFrom()} (or the disruption, if that marker is missing). */
    default Optional<TimePoint> firedAt(Timeline timeline, TimePoint disruption) {
        TimePoint since = timeline.first(countsFrom()).orElse(disruption);
        return firedAt(timeline.observations(path()), since);
    }
}
