package dev.firedrill;

/**
 * Polls one path of the system at a fixed interval and records every {@link Observation} in the
 * timeline. Implementations: {@code dev.firedrill.measure.Probes}.
 *
 * <p>Example: {@code try (Probe.Running p = Probes.http(uri).write().start(timeline)) { ... }}
 */
public interface Probe {

    /** The path it records observations under, e.g. {@code "write"}. */
    String path();

    /**
     * Whether the drill waits for this path to be steady, before the fault and again after the recovery. False for a
     * probe that only watches and notes what it sees (the alert watch: an alert may rightly fire), which is then never
     * waited for. True by default.
     */
    default boolean steadyState() {
        return true;
    }

    /** Starts polling in the background, recording into {@code timeline}. */
    Running start(Timeline timeline);

    /** A started probe; {@link #close()} stops it (bounded, idempotent). */
    interface Running extends AutoCloseable {

        /** The path it records under. */
        String path();

        /** How many observations it recorded so far. */
        long observations();

        /** Stops polling and waits, bounded by the request timeout, for the request in flight. */
        @Override
        void close();
    }
}
