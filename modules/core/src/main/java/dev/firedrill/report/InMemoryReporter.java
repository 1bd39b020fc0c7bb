package dev.firedrill.report;

import dev.firedrill.DrillResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reporter for tests: records every call, in order, and writes nothing. Thread-safe.
 *
 * <p>Example: {@code var reports = new InMemoryReporter(); runner(reports).run(drill, stack);
 * assertThat(reports.results()).extracting(DrillResult::verdict).containsExactly(Verdict.PASSED);}
 */
public final class InMemoryReporter implements Reporter {

    /** Which method of the port was called. */
    public enum Kind {
        /** {@link Reporter#runStarted}. */
        RUN_STARTED,
        /** {@link Reporter#drillFinished}. */
        DRILL_FINISHED,
        /** {@link Reporter#runFinished}. */
        RUN_FINISHED
    }

    /**
     * One recorded call; {@code result} and {@code artifacts} are null except for {@link Kind#DRILL_FINISHED}.
     */
    public record Call(Kind kind, RunInfo run, DrillResult result, DrillArtifacts artifacts) {

        /** Validates kind and run. */
        public Call {
            Objects.requireNonNull(kind, "Call.kind must not be null");
        }
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized void runStarted(RunInfo run) {
        calls.add(new Call(Kind.RUN_STARTED, run, null, null));
    }

    @Override
    public synchronized void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        calls.add(new Call(Kind.DRILL_FINISHED, run, result, artifacts));
    }

    @Override
    public synchronized void runFinished(RunInfo run) {
        calls.add(new Call(Kind.RUN_FINISHED, run, null, null));
    }

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The results of the finished drills, in order. */
    public synchronized List<DrillResult> results() {
        return calls.stream().filter(c -> c.kind() == Kind.DRILL_FINISHED).map(Call::result).toList();
    }

    /** The artifacts of the finished drills, in the order of {@link #results()}. */
    public synchronized List<DrillArtifacts> artifacts() {
        return calls.stream().filter(c -> c.kind() == Kind.DRILL_FINISHED).map(Call::artifacts).toList();
    }

    /** The kinds of the calls so far, in order, e.g. {@code [RUN_STARTED, DRILL_FINISHED, RUN_FINISHED]}. */
    public synchronized List<Kind> kinds() {
        return calls.stream().map(Call::kind).toList();
    }

    /** Forgets every call. */
    public synchronized void clear() {
        calls.clear();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryReporter" + new ArrayList<>(kinds());
    }
}
