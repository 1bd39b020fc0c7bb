package dev.firedrill.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A drill file that cannot be run as written: every problem found, each naming the file, the line and
 * column, the field's path, what was wrong and what is valid. Raised before anything starts.
 *
 * <p>Example message: {@code drills/D01.yml:12:5: faults[0].kind: unknown fault 'kil'; valid kinds: kill, stop, ...}
 */
public final class DrillFileException extends IllegalArgumentException {

    /** One problem: where ({@code file:line:column}, field path) and what. */
    public record Problem(String file, int line, int column, String path, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + path + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public DrillFileException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.size() == 1) {
            return "Drill file not valid: " + problems.get(0);
        }
        return "Drill file not valid (" + problems.size() + " problems):\n" + problems.stream().map(p -> "  " + p)
                .collect(Collectors.joining("\n"));
    }
}
