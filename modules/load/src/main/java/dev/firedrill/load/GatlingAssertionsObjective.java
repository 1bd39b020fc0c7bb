package dev.firedrill.load;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The assertions of a simulation of the user's own ({@link Loads#gatling}) as one objective of the drill, judged beside
 * the drill's own: met when every assertion was met, missed (failing the drill, naming each assertion missed and its
 * actual value) when one was missed or could not be resolved, or when the run's assertions could not be evaluated (the
 * run crashed or did not end). A simulation that declares no assertion meets it, saying so.
 *
 * <p>The outcome comes from the drill's timeline, where the load notes it when its run ends ({@link #note},
 * {@link #notEvaluated}): one {@value #ASSERTION} note per assertion ({@code <simulation>: missed: <assertion> (actual
 * <value>)}) and one {@value #SUMMARY} note, so that the evidence shows every assertion and the judgement needs
 * nothing but the measurements.
 *
 * @param simulation the simulation's fully qualified class name
 */
record GatlingAssertionsObjective(String simulation) implements Objective {

    static final String ASSERTION = "gatling-assertion";
    static final String SUMMARY = "gatling-assertions";
    private static final String NOT_EVALUATED = "not evaluated: ";

    GatlingAssertionsObjective {
        Objects.requireNonNull(simulation, "simulation must not be null");
    }

    @Override
    public String name() {
        return "gatling-assertions(" + simpleName(simulation) + ")";
    }

    @Override
    public String describe() {
        return "every assertion of the Gatling simulation " + simpleName(simulation) + " met over its whole run";
    }

    /** Notes the run's judged assertions on {@code timeline}. */
    static void note(Timeline timeline, String simulation, List<GatlingAssertion> assertions) {
        for (GatlingAssertion a : assertions) {
            timeline.note(ASSERTION, simulation + ": " + a.describe());
        }
        timeline.note(SUMMARY, simulation + ": " + assertions.size() + " judged on the whole run");
    }

    /** Notes that the run's assertions could not be evaluated, and why. */
    static void notEvaluated(Timeline timeline, String simulation, String reason) {
        timeline.note(SUMMARY, simulation + ": " + NOT_EVALUATED + reason);
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String prefix = simulation + ": ";
        String summary = null;
        List<String> judged = new ArrayList<>();
        for (TimelineEvent e : m.timeline().events()) {
            if (e.detail() == null || !e.detail().startsWith(prefix)) {
                continue;
            }
            if (e.kind().equals(SUMMARY)) {
                summary = e.detail().substring(prefix.length());
            } else if (e.kind().equals(ASSERTION)) {
                judged.add(e.detail().substring(prefix.length()));
            }
        }
        String what = "Gatling assertions of " + simpleName(simulation) + " (whole run)";
        if (summary == null || summary.startsWith(NOT_EVALUATED)) {
            String why = summary == null ? "its run did not report them (the load never ended?)" : summary.substring(NOT_EVALUATED.length());
            return new ObjectiveResult(name(), null, "all met", null, "assertions", false,
                    what + " could not be judged: " + why + ", target all met: missed");
        }
        if (judged.isEmpty()) {
            return new ObjectiveResult(name(), null, "all met", "0 of 0", "assertions", true,
                    what + ": the simulation declares none (setUp(...).assertions(...)), nothing to judge: met");
        }
        List<String> notMet = judged.stream().filter(a -> !a.startsWith(GatlingAssertion.Outcome.MET.word + ": ")).toList();
        String measured = (judged.size() - notMet.size()) + " of " + judged.size();
        boolean passed = notMet.isEmpty();
        return new ObjectiveResult(name(), null, "all met", measured, "assertions", passed,
                what + " were " + measured + " met, target all met: " + (passed ? "met" : "missed")
                        + "; " + String.join("; ", passed ? judged : notMet));
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
