package dev.firedrill;

/**
 * What a continuity exercise record needs to say about a scenario that the drill cannot measure: which entry of the
 * business impact analysis it exercises, and who owns the remediation of what it finds. Either may be null (not given);
 * the exercise report then leaves the field blank for a hand, or {@code ./drill sign-off}, to fill in.
 *
 * <p>Example: {@code Drill.builder("D09", "Backup and restore").exercise(new ExerciseFacts("BIA-2026 §4.2 payments ledger", "db-team"))}
 *
 * @param bia              the business impact analysis entry the scenario exercises, e.g. {@code BIA-2026 §4.2}
 * @param remediationOwner who fixes what the scenario finds, e.g. a team
 */
public record ExerciseFacts(String bia, String remediationOwner) {

    /** Nothing given. */
    public static final ExerciseFacts NONE = new ExerciseFacts(null, null);

    /** Blank values are none. */
    public ExerciseFacts {
        bia = bia == null || bia.isBlank() ? null : bia.strip();
        remediationOwner = remediationOwner == null || remediationOwner.isBlank() ? null : remediationOwner.strip();
    }
}
