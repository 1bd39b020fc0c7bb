package dev.firedrill.assertj;

import dev.firedrill.DrillResult;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * AssertJ-style soft assertions for drill results: every failure of every assertion made through
 * it is collected and reported by {@link #close()} / {@link #assertAll()}. Works with AssertJ's
 * {@code SoftAssertionsExtension} too.
 *
 * <p>Example: {@code try (var softly = new DrillSoftAssertions()) { softly.assertThat(result).recoveredWithin(ofSeconds(30)); }}
 */
public class DrillSoftAssertions extends AbstractSoftAssertions implements AutoCloseable {

    /** An assertion on {@code result} whose failures this object collects. */
    public DrillResultAssert assertThat(DrillResult result) {
        return proxy(DrillResultAssert.class, DrillResult.class, result);
    }

    /** Reports every collected failure at once. */
    @Override
    public void close() {
        assertAll();
    }

    /** Runs {@code assertions} softly and reports every failure at the end. */
    public static void assertSoftly(Consumer<DrillSoftAssertions> assertions) {
        try (DrillSoftAssertions softly = new DrillSoftAssertions()) {
            assertions.accept(softly);
        }
    }
}
