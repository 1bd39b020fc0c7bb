package dev.firedrill;

import java.util.Optional;

/**
 * An objective that can define the drill's detection time: the instant the system's own monitoring noticed the fault
 * (an alert fired), in place of the first failed probe observation. The analysis uses it when the drill says so
 * ({@link #definesDetection()}); implementations: {@code dev.firedrill.monitoring.AlertFiresObjective}.
 */
public interface DetectionSource {

    /** Whether the drill asked for this to be its detection figure. */
    boolean definesDetection();

    /** When the fault was detected, at or after {@code disruption}; empty when it never was. */
    Optional<TimePoint> detectedAt(Timeline timeline, TimePoint disruption);
}
