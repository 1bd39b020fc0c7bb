package dev.firedrill.assertj;

import dev.firedrill.DrillResult;

/**
 * Entry point of the drill verdicts. Hard by default, as AssertJ's {@code assertThat}: the first missed objective
 * throws an {@link AssertionError}. Soft is opt-in: {@link #softlyAssertThat} collects every miss and
 * {@link DrillResultAssert#verify()} reports them all at once; for several results use {@link DrillSoftAssertions}.
 *
 * <p>Example: {@code assertThat(result).recoveredWithin(ofSeconds(45)).lostNoAcknowledgedWrites();}
 */
public final class DrillAssertions {

    private DrillAssertions() {
    }

    /** A hard assertion on {@code result}: the first missed objective throws. */
    public static DrillResultAssert assertThat(DrillResult result) {
        return new DrillResultAssert(result, false);
    }

    /** A soft assertion on {@code result}: every missed objective is collected; call {@link DrillResultAssert#verify()} at the end. */
    public static DrillResultAssert softlyAssertThat(DrillResult result) {
        return new DrillResultAssert(result, true);
    }

    /**
     * The same as {@link #assertThat}, which is now hard.
     *
     * @deprecated use {@link #assertThat}
     */
    @Deprecated
    public static DrillResultAssert assertThatStrictly(DrillResult result) {
        return assertThat(result);
    }
}
