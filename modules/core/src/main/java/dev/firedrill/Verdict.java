package dev.firedrill;

/**
 * The outcome of a drill: {@code passed}, {@code failed} (an objective missed), {@code failed-as-expected} (a can-fail
 * variant missed what it must), {@code broken} (the harness could not do its job), {@code skipped}.
 */
public enum Verdict {
    /** Every objective was met. */
    PASSED("passed"),
    /** At least one objective was missed. */
    FAILED("failed"),
    /**
     * A can-fail variant missed exactly the objectives it must ({@link Drill#mustMiss()}): the drill can fail. Neither a
     * pass nor a failure of the system; reports count it apart ("failed as it must").
     */
    FAILED_AS_EXPECTED("failed-as-expected"),
    /** The harness could not run or measure the drill. */
    BROKEN("broken"),
    /** The drill could not run here (e.g. needs root); never counted as passed. */
    SKIPPED("skipped");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The verdict's name in evidence, e.g. {@code "failed"}. */
    public String id() {
        return id;
    }
}
