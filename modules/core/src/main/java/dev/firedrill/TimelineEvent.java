package dev.firedrill;

import java.util.Objects;

/**
 * One entry of a {@link Timeline}: a marker (then {@code kind} equals the marker's id) or a note
 * ({@code marker} null, e.g. kind {@code "step-started"}).
 */
public record TimelineEvent(TimePoint at, Marker marker, String kind, String detail) {

    /** Validates; a null detail becomes empty. */
    public TimelineEvent {
        Objects.requireNonNull(at, "TimelineEvent.at must not be null");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("TimelineEvent.kind must not be blank, was '" + kind + "'");
        }
        detail = detail == null ? "" : detail;
    }

    /** Whether this event is a marker (not a note). */
    public boolean isMarker() {
        return marker != null;
    }
}
