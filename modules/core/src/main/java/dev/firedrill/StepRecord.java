package dev.firedrill;

import java.util.Objects;

/** One step the drill ran (a fault, a recovery action, a script) with its timing, outcome and output. */
public record StepRecord(String name, TimePoint startedAt, TimePoint finishedAt, String outcome, String output) {

    /** Validates name, times and order; a null output becomes empty. */
    public StepRecord {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("StepRecord.name must not be blank, was '" + name + "'");
        }
        Objects.requireNonNull(startedAt, "StepRecord.startedAt must not be null (step '" + name + "')");
        Objects.requireNonNull(finishedAt, "StepRecord.finishedAt must not be null (step '" + name + "')");
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("StepRecord '" + name + "' finished before it started: "
                    + startedAt + " .. " + finishedAt);
        }
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("StepRecord.outcome must not be blank (step '" + name + "')");
        }
        output = output == null ? "" : output;
    }
}
