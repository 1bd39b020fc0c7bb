package dev.firedrill;

import java.util.List;
import java.util.Objects;

/**
 * The result of one drill run: verdict, measurements, the judged objectives and the steps run.
 * Assert on it with {@code dev.firedrill.assertj.DrillAssertions.assertThat(result)}.
 */
public record DrillResult(String drillId, String title, List<String> suites, String runbook, Verdict verdict,
        String reason, DrillMeasurements measurements, List<ObjectiveResult> objectives, List<StepRecord> steps,
        TimePoint startedAt, TimePoint finishedAt, ExerciseFacts exercise) {

    /** Validates and copies; reason and runbook may be null. */
    public DrillResult {
        if (drillId == null || drillId.isBlank()) {
            throw new IllegalArgumentException("DrillResult.drillId must not be blank, was '" + drillId + "'");
        }
        String d = " (drill '" + drillId + "')";
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("DrillResult.title must not be blank" + d);
        }
        suites = List.copyOf(Objects.requireNonNull(suites, "DrillResult.suites must not be null" + d));
        Objects.requireNonNull(verdict, "DrillResult.verdict must not be null" + d);
        Objects.requireNonNull(measurements, "DrillResult.measurements must not be null" + d);
        objectives = List.copyOf(Objects.requireNonNull(objectives, "DrillResult.objectives must not be null" + d));
        steps = List.copyOf(Objects.requireNonNull(steps, "DrillResult.steps must not be null" + d));
        Objects.requireNonNull(startedAt, "DrillResult.startedAt must not be null" + d);
        Objects.requireNonNull(finishedAt, "DrillResult.finishedAt must not be null" + d);
        exercise = exercise == null ? ExerciseFacts.NONE : exercise;
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("DrillResult finished before it started" + d + ": " + startedAt
                    + " .. " + finishedAt);
        }
    }

    /** A result with no exercise facts (the constructor before {@link ExerciseFacts}). */
    public DrillResult(String drillId, String title, List<String> suites, String runbook, Verdict verdict, String reason,
            DrillMeasurements measurements, List<ObjectiveResult> objectives, List<StepRecord> steps, TimePoint startedAt,
            TimePoint finishedAt) {
        this(drillId, title, suites, runbook, verdict, reason, measurements, objectives, steps, startedAt, finishedAt, ExerciseFacts.NONE);
    }

    /** This result with {@code reason} instead (e.g. the container logs named). */
    public DrillResult withReason(String reason) {
        return new DrillResult(drillId, title, suites, runbook, verdict, reason, measurements, objectives, steps, startedAt, finishedAt, exercise);
    }

    /** The objectives that were missed. */
    public List<ObjectiveResult> missedObjectives() {
        return objectives.stream().filter(o -> !o.passed()).toList();
    }
}
