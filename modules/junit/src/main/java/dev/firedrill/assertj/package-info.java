/**
 * Verdicts in AssertJ style: {@code assertThat(result).recoveredWithin(rto).lostNoAcknowledgedWrites()}, hard by
 * default, soft on request ({@link dev.firedrill.assertj.DrillAssertions#softlyAssertThat},
 * {@link dev.firedrill.assertj.DrillSoftAssertions}); messages name the objective, the measured value and the target.
 *
 * <p>May depend on: the root package, {@code measure}, AssertJ.
 */
package dev.firedrill.assertj;
