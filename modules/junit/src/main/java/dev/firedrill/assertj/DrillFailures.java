package dev.firedrill.assertj;

import dev.firedrill.DrillResult;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Verdict;
import java.util.List;

/** Factories of the failure messages of drill assertions (in the manner of AssertJ's {@code ShouldXxx}). */
final class DrillFailures {

    private DrillFailures() {
    }

    /** "Drill 'D01' (API service down): RTO of path 'write' (phase recovery) was PT48.2S, target ≤ PT45S: missed". */
    static String missed(DrillResult result, ObjectiveResult objective) {
        return drill(result) + ": " + objective.message();
    }

    static String verdict(DrillResult result, Verdict expected) {
        return drill(result) + ": verdict was " + result.verdict().id() + ", expected " + expected.id()
                + (result.reason() == null || result.reason().isBlank() ? "" : " (reason: " + result.reason() + ")");
    }

    static AssertionError combined(DrillResult result, String description, List<AssertionError> errors) {
        StringBuilder sb = new StringBuilder();
        if (description != null && !description.isEmpty()) {
            sb.append('[').append(description).append("] ");
        }
        sb.append(result == null ? "Drill" : drill(result)).append(" missed ").append(errors.size())
                .append(errors.size() == 1 ? " objective:" : " objectives:");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(System.lineSeparator()).append("  ").append(i + 1).append(") ").append(errors.get(i).getMessage());
        }
        if (result != null && result.reason() != null) {
            sb.append(System.lineSeparator()).append("The runner's account: ").append(result.reason());
        }
        AssertionError combined = new AssertionError(sb.toString());
        errors.forEach(combined::addSuppressed);
        return combined;
    }

    private static String drill(DrillResult result) {
        return "Drill '" + result.drillId() + "' (" + result.title() + ")";
    }
}
