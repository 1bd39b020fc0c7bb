package dev.firedrill;

/**
 * The judgement of one objective. {@code target} carries its comparison (e.g. {@code "≤ 45000"}),
 * {@code measured} is null when nothing could be measured (e.g. never recovered); the message names
 * the objective, the phase, the measured value and the target.
 *
 * <p>Example message: {@code "RTO of path 'write' (phase recovery) was PT48.2S, target ≤ PT45S: missed"}.
 */
public record ObjectiveResult(String name, String phase, String target, String measured, String unit,
        boolean passed, String message, String source) {

    /** Validates the fields every report needs. */
    public ObjectiveResult {
        requireText(name, "name", name);
        requireText(target, "target", name);
        requireText(unit, "unit", name);
        requireText(message, "message", name);
        requireText(source, "source", name);
    }

    /** The judgement of an objective the drill itself sets (source {@link Objective#DRILL}). */
    public ObjectiveResult(String name, String phase, String target, String measured, String unit, boolean passed, String message) {
        this(name, phase, target, measured, unit, passed, message, Objective.DRILL);
    }

    /** This judgement, its target coming from {@code source} (see {@link Objective#source()}). */
    public ObjectiveResult withSource(String source) {
        return new ObjectiveResult(name, phase, target, measured, unit, passed, message, source);
    }

    /** This judgement under another name (a policy's target judged beside the drill's own of the same measure). */
    public ObjectiveResult withName(String name) {
        return new ObjectiveResult(name, phase, target, measured, unit, passed, message, source);
    }

    private static void requireText(String value, String field, String objective) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ObjectiveResult." + field + " must not be blank (objective '"
                    + objective + "')");
        }
    }
}
