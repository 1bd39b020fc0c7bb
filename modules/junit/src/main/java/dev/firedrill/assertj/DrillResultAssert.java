package dev.firedrill.assertj;

import dev.firedrill.DrillResult;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Phase;
import dev.firedrill.Verdict;
import dev.firedrill.measure.Slos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link DrillResult}. Obtained from {@link DrillAssertions#assertThat(DrillResult)} (or constructed
 * directly) it is <b>hard</b>, as AssertJ assertions are: the first missed objective throws. Obtained from
 * {@link DrillAssertions#softlyAssertThat(DrillResult)} it is soft: every missed objective is collected and
 * {@link #verify()} throws one {@link AssertionError} listing them all. Through {@link DrillSoftAssertions} the
 * failures are collected by that object.
 *
 * <p>Example: {@code assertThat(result).recoveredWithin(ofSeconds(45)).lostNoAcknowledgedWrites();}
 */
public class DrillResultAssert extends AbstractAssert<DrillResultAssert, DrillResult> {

    /** The path whose figures are the drill's unless it says otherwise. */
    public static final String WRITE_PATH = "write";

    private final boolean soft;
    private final List<AssertionError> errors = new ArrayList<>();

    /** A fail-fast assertion (the first missed objective throws). */
    public DrillResultAssert(DrillResult actual) {
        this(actual, false);
    }

    DrillResultAssert(DrillResult actual, boolean soft) {
        super(actual, DrillResultAssert.class);
        this.soft = soft;
    }

    /** The write path recovered (RTO) within {@code budget}. */
    public DrillResultAssert recoveredWithin(Duration budget) {
        return recoveredWithin(WRITE_PATH, budget);
    }

    /** {@code path} recovered (RTO) within {@code budget}. */
    public DrillResultAssert recoveredWithin(String path, Duration budget) {
        return meets(Slos.rto(path, budget));
    }

    /** The write path's TTR is at most {@code budget}. */
    public DrillResultAssert ttrAtMost(Duration budget) {
        return ttrAtMost(WRITE_PATH, budget);
    }

    /** {@code path}'s TTR is at most {@code budget}. */
    public DrillResultAssert ttrAtMost(String path, Duration budget) {
        return meets(Slos.ttr(path, budget));
    }

    /** The first failure on the write path was seen within {@code budget} of the disruption. */
    public DrillResultAssert detectedWithin(Duration budget) {
        return detectedWithin(WRITE_PATH, budget);
    }

    /** The first failure on {@code path} was seen within {@code budget} of the disruption. */
    public DrillResultAssert detectedWithin(String path, Duration budget) {
        return meets(Slos.detectionWithin(path, budget));
    }

    /** No acknowledged write was lost. */
    public DrillResultAssert lostNoAcknowledgedWrites() {
        return meets(Slos.noAcknowledgedWritesLost());
    }

    /** At most {@code n} acknowledged writes were lost before the disruption, none after it. */
    public DrillResultAssert lostAtMost(int n) {
        return meets(Slos.atMostLostWrites(n));
    }

    /** The RPO window is at most {@code max}. */
    public DrillResultAssert rpoWindowAtMost(Duration max) {
        return meets(Slos.rpoWindowAtMost(max));
    }

    /** No write acknowledged before the recovery point is missing. */
    public DrillResultAssert lostNothingBeforeRecoveryPoint() {
        return meets(Slos.lostBeforeRecoveryPointNone());
    }

    /** No write invoked after the point-in-time target survived. */
    public DrillResultAssert keptNothingAfterRecoveryTarget() {
        return meets(Slos.presentAfterTargetNone());
    }

    /** The error rate of {@code path} in {@code phase} is below {@code maxShare} (0.01 = 1 %). */
    public DrillResultAssert errorRateBelow(String path, Phase phase, double maxShare) {
        return meets(Slos.errorRateBelow(path, phase, maxShare));
    }

    /** The {@code percentile} (50, 95, 99) latency of {@code path} in {@code phase} is below {@code max}. */
    public DrillResultAssert percentileBelow(String path, Phase phase, int percentile, Duration max) {
        return meets(Slos.latencyPercentileBelow(path, phase, percentile, max));
    }

    /** Any objective, judged on the result's measurements. */
    public DrillResultAssert meets(Objective objective) {
        Objects.requireNonNull(objective, "objective must not be null");
        isNotNull();
        return check(objective.judge(actual.measurements()));
    }

    /** Every objective the runner judged was met; every missed one is reported, in one failure when hard. */
    public DrillResultAssert metAllObjectives() {
        isNotNull();
        if (soft) {
            actual.objectives().forEach(this::check);
            return myself;
        }
        List<AssertionError> missed = actual.objectives().stream().filter(r -> !r.passed())
                .map(r -> new AssertionError(DrillFailures.missed(actual, r))).toList();
        if (!missed.isEmpty()) {
            throw DrillFailures.combined(actual, descriptionText(), missed);
        }
        return myself;
    }

    /** The drill's verdict is {@code expected}; the message carries the runner's reason. */
    public DrillResultAssert hasVerdict(Verdict expected) {
        isNotNull();
        if (actual.verdict() != expected) {
            fail(DrillFailures.verdict(actual, expected));
        }
        return myself;
    }

    /** A can-fail variant's verdict: it missed the objectives it must ({@code Drill.Builder.expectFailure}). */
    public DrillResultAssert failedAsItMust() {
        return hasVerdict(Verdict.FAILED_AS_EXPECTED);
    }

    /** The failures collected so far (soft mode; always empty in fail-fast mode). */
    public List<AssertionError> errors() {
        return List.copyOf(errors);
    }

    /** Soft mode: throws one {@link AssertionError} listing every missed objective, if any; hard mode has thrown already, so nothing. */
    public void verify() {
        if (!errors.isEmpty()) {
            throw DrillFailures.combined(actual, descriptionText(), errors);
        }
    }

    private DrillResultAssert check(ObjectiveResult r) {
        if (!r.passed()) {
            fail(DrillFailures.missed(actual, r));
        }
        return myself;
    }

    private void fail(String message) {
        if (soft) {
            String description = descriptionText();
            errors.add(new AssertionError(description == null || description.isEmpty() ? message
                    : "[" + description + "] " + message));
        } else {
            failWithMessage("%s", message);
        }
    }
}
