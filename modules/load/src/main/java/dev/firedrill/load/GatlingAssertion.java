package dev.firedrill.load;

import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader$;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.shared.model.assertion.AssertionMessage$;
import io.gatling.shared.model.assertion.AssertionResult;
import io.gatling.shared.model.assertion.AssertionValidator;
import scala.jdk.javaapi.CollectionConverters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One assertion of a simulation ({@code setUp(...).assertions(...)}) judged on the whole run, as Gatling judges it at
 * the end of a run: over every request in {@code simulation.log} (the warm-up's included).
 *
 * @param text    Gatling's own words for it, e.g. {@code Global: percentage of failed events is less than 1.0}
 * @param outcome met, missed, or not resolved (e.g. it names a request the run never made)
 * @param value   the actual value (met or missed), or why it could not be resolved
 */
record GatlingAssertion(String text, Outcome outcome, String value) {

    /** How an assertion came out. */
    enum Outcome {
        MET("met"), MISSED("missed"), NOT_RESOLVED("not resolved");

        final String word;

        Outcome(String word) {
            this.word = word;
        }
    }

    /** In words: {@code missed: Global: percentage of failed events is less than 1.0 (actual 12.5)}. */
    String describe() {
        return outcome.word + ": " + text + (outcome == Outcome.NOT_RESOLVED ? " (" + value + ")" : " (actual " + value + ")");
    }

    /** The assertions of run {@code runId} under {@code resultsRoot}, each judged on its {@code simulation.log}. */
    static List<GatlingAssertion> evaluate(String runId, Path resultsRoot, GatlingConfiguration configuration) {
        LogFileData data = LogFileReader$.MODULE$.apply(runId, resultsRoot, configuration).read();
        List<GatlingAssertion> judged = new ArrayList<>();
        for (AssertionResult r : CollectionConverters.asJava(new AssertionValidator(data).validateAssertions(data.assertions()))) {
            String text = AssertionMessage$.MODULE$.message(r.assertion());
            if (r instanceof AssertionResult.Resolved resolved) {
                judged.add(new GatlingAssertion(text, resolved.success() ? Outcome.MET : Outcome.MISSED, number(resolved.actualValue())));
            } else if (r instanceof AssertionResult.ResolutionError error) {
                judged.add(new GatlingAssertion(text, Outcome.NOT_RESOLVED, error.error()));
            }
        }
        return judged;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
