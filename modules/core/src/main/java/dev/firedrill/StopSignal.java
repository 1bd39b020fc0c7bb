package dev.firedrill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The global stop: while it is set, no drill step starts and a running drill aborts, reverting every
 * fault it injected. Set by a file (created while drills run, e.g. {@code touch firedrill.stop}) or by
 * an environment variable (read when the JVM starts, so it stops every drill of that run before it begins).
 *
 * <p>Example: {@code StopSignal.of(Path.of("firedrill.stop"), System.getenv())}
 */
public interface StopSignal {

    /** The environment variable whose value (anything but empty, {@code 0} or {@code false}) stops every drill. */
    String VARIABLE = "FIREDRILL_STOP";
    /** The environment variable naming the stop file (default {@code firedrill.stop} in the project directory). */
    String FILE_VARIABLE = "FIREDRILL_STOP_FILE";
    /** The stop file's default name, in the project directory. */
    String DEFAULT_FILE = "firedrill.stop";

    /** Why the stop is set (what was found), or empty when drills may go on. */
    Optional<String> requested();

    /** A stop that is never set. */
    StopSignal NEVER = Optional::empty;

    /** A stop that is never set. */
    static StopSignal never() {
        return NEVER;
    }

    /** Set while {@code file} exists or when {@code environment} sets {@link #VARIABLE}. */
    static StopSignal of(Path file, Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        boolean variableSet = value != null && !value.isBlank()
                && !value.trim().equals("0") && !value.trim().toLowerCase(Locale.ROOT).equals("false");
        return new StopSignal() {
            @Override
            public Optional<String> requested() {
                if (variableSet) {
                    return Optional.of("environment variable " + VARIABLE + "=" + value.trim() + " is set");
                }
                if (file != null && Files.exists(file)) {
                    return Optional.of("stop file " + file + " exists");
                }
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "stop file " + file + " or " + VARIABLE;
            }
        };
    }

    /** The standard stop of a run: the file {@link #FILE_VARIABLE} names (else {@code firedrill.stop} in {@code projectDir}) or {@link #VARIABLE}. */
    static StopSignal standard(Path projectDir, Map<String, String> environment) {
        String named = environment.get(FILE_VARIABLE);
        Path file = named == null || named.isBlank() ? projectDir.resolve(DEFAULT_FILE) : projectDir.resolve(named);
        return of(file, environment);
    }
}
