package dev.firedrill;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Work the drill keeps doing from start to end, whose every operation is accounted for: a steady
 * writer feeding the operation ledger. Implementations: {@code dev.firedrill.measure.Workloads}.
 */
public interface Workload {

    /** What it does, e.g. {@code writes through ledger:8080}. */
    String name();

    /** Starts in the background against {@code system}, recording its markers into {@code timeline}. */
    Running start(SystemUnderTest system, Timeline timeline);

    /**
     * How long it must have run before the first fault (the runner waits, after the steady state and the preparations,
     * until every workload has run this long): a "before" window of acknowledged writes, so that an RPO says something.
     * None by default.
     */
    default java.time.Duration warmUp() {
        return java.time.Duration.ZERO;
    }

    /**
     * Objectives the workload brings with it, judged beside the drill's own: a Gatling simulation's assertions
     * ({@code dev.firedrill.load.Loads#gatling}). {@link Drill.Builder#workload} adds them to the drill. None by default.
     */
    default List<Objective> objectives() {
        return List.of();
    }

    /** A started workload. */
    interface Running extends AutoCloseable {

        /** Stops, waiting (bounded) for the operation in flight. Idempotent. */
        void stop();

        /** After {@link #stop()}: reads back what the system holds and judges every operation; null for a workload that keeps no ledger (load). */
        LedgerReport report(Timeline timeline);

        /** Writes every operation to a file in {@code folder}; returns it, or empty when there is nothing to write. */
        Optional<Path> export(Path folder);

        /** Stops and releases connections. Idempotent. */
        @Override
        void close();
    }
}
