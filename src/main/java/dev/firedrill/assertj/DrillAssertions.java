package dev.firedrill.assertj;

import dev.firedrill.DrillResult;

/**
 * Entry point of the drill verdicts. Soft by default: the returned assertion collects every missed
 * objective and {@link DrillResultAssert#verify()} reports them all at once.
 *
 * <p>Example: {@code DrillAssertions.assertThat(result).recoveredWithin(ofSeconds(45))
 * .lostNoAcknowledgedWrites().errorRateBelow("read", Phase.DURING, 0.01).verify();}
 * — for several results, or AssertJ's own soft style, use {@link DrillSoftAssertions}.
 */
public final class DrillAssertions {

    private DrillAssertions() {
    }

    /** A soft assertion on {@code result}: call {@link DrillResultAssert#verify()} at the end. */
    public static DrillResultAssert assertThat(DrillResult result) {
        return new DrillResultAssert(result, true);
    }

    /** A fail-fast assertion on {@code result}: the first missed objective throws. */
    public static DrillResultAssert assertThatStrictly(DrillResult result) {
        return new DrillResultAssert(result, false);
    }
}
