package dev.firedrill.recovery;

import dev.firedrill.Capability;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceProcesses;
import java.util.Set;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Preparation;
import dev.firedrill.Recovery;
import dev.firedrill.StepFailure;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.report.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A runbook script run as a drill step (a recovery, or a preparation such as a backup): the team's own
 * shell, not rewritten in Java. It runs with {@code sh}, on the host (in the project folder) or, with
 * {@link #in}, inside a service's container (copied in); with the stack described in variables
 * ({@link ScriptEnvironment}: {@code PGHOST}, {@code REDIS_HOST}, {@code LEDGER_URL}, ...), within a
 * bound (default 5 min; killed at it, and the step fails saying so). Its output is the step's output,
 * secrets masked; a non-zero exit fails the step with the tail of the output.
 *
 * <p>Example: {@code Recoveries.script("drills/scripts/dr-drill.sh").in("postgres").asUser("postgres").within(Duration.ofMinutes(2))}
 *
 * @param path      the script, relative to the project folder (where {@code drills/} is) or absolute
 * @param container the service to run it in; null: on the host
 * @param user      the user inside the container; null: the container's default
 * @param args      arguments
 * @param env       variables set on top of the stack's
 * @param bound     longest run before it is killed
 */
public record Script(String path, String container, String user, List<String> args, Map<String, String> env, Duration bound)
        implements Recovery, Preparation {

    /** The bound when none is given. */
    public static final Duration DEFAULT_BOUND = Duration.ofMinutes(5);
    static final int TAIL_LINES = 20;
    private static final int OUTPUT_LIMIT = 1 << 20;

    /** Validates every field, naming it and what is valid. */
    public Script {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("script: the path of the script must be given (e.g. drills/scripts/dr-drill.sh), got '" + path + "'");
        }
        if (container != null && container.isBlank()) {
            throw new IllegalArgumentException("script(" + path + "): in(...) needs a service name, got '" + container + "'");
        }
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("script(" + path + "): asUser(...) needs a user name, got '" + user + "'");
        }
        if (bound == null || bound.isZero() || bound.isNegative()) {
            throw new IllegalArgumentException("script(" + path + "): the bound must be a positive duration, got " + bound);
        }
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    static Script at(String path) {
        return new Script(path, null, null, List.of(), Map.of(), DEFAULT_BOUND);
    }

    /** Runs it inside the container of {@code service} (hosts are service names there). */
    public Script in(String service) {
        return new Script(path, service, user, args, env, bound);
    }

    /** Runs it on the host (the default; hosts are 127.0.0.1 and the mapped ports). */
    public Script onHost() {
        return new Script(path, null, null, args, env, bound);
    }

    /** The user it runs as inside the container, e.g. {@code postgres} (initdb refuses root). */
    public Script asUser(String name) {
        if (container == null) {
            throw new IllegalArgumentException("script(" + path + "): asUser applies inside a container; call in(service) first");
        }
        return new Script(path, container, name, args, env, bound);
    }

    /** Arguments passed to the script. */
    public Script withArgs(String... arguments) {
        return new Script(path, container, user, List.of(arguments), env, bound);
    }

    /** One more variable (over the stack's, e.g. {@code BACKUP_FILE}). */
    public Script withEnv(String name, String value) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("script(" + path + "): a variable name must match [A-Za-z_][A-Za-z0-9_]*, got '" + name + "'");
        }
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value == null ? "" : value);
        return new Script(path, container, user, args, more, bound);
    }

    /** The longest it may run; at the bound it is killed and the step fails. */
    public Script within(Duration limit) {
        return new Script(path, container, user, args, env, limit);
    }

    @Override
    public String name() {
        return "script(" + String.join(" ", Stream.concat(Stream.of(path), args.stream()).toList())
                + (container == null ? " on the host" : " in " + container) + ")";
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        String output = run(system);
        timeline.note("script", name() + " exited 0");
        return output;
    }

    /** A script run in a container needs the system's {@link ServiceCommands}; one on the host runs against any system. */
    @Override
    public Set<Class<? extends Capability>> requires() {
        return container == null ? Set.of() : Set.of(ServiceCommands.class, ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        if (container != null) {
            system.requireService(container, name());
            system.require(ServiceCommands.class, name());
        }
    }

    /** The script itself: {@code ./drill plan} checks it is there before anything starts. */
    @Override
    public List<String> projectFiles() {
        return List.of(path);
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        Path file = locate();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(name() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> variables = new LinkedHashMap<>(ScriptEnvironment.of(system, container));
        variables.putAll(env);
        Collection<String> secrets = ScriptEnvironment.secrets(system, variables);
        CapturedOutput output = new CapturedOutput(OUTPUT_LIMIT);
        ScriptOutcome outcome;
        if (container == null) {
            outcome = HostScriptRunner.run(file, args, variables, bound, output);
        } else {
            if (!processes(system).isRunning(container)) {
                throw new IllegalStateException(name() + ": service '" + container + "' is not running, so the script cannot run in it");
            }
            outcome = ContainerScriptRunner.run(system, container, user, file.getFileName().toString(), text, args, variables, bound, output);
        }
        String header = "$ sh " + path + (args.isEmpty() ? "" : " " + String.join(" ", args))
                + (container == null ? " (on the host" : " (in " + container + (user == null ? "" : " as " + user))
                + ", bound " + bound + ")\n" + describe(variables) + "\n";
        String took = String.format(java.util.Locale.ROOT, "%.1f s", outcome.took().toMillis() / 1000.0);
        String whole = Secrets.mask(header + output.text(), secrets);
        String tail = Secrets.mask(output.lastLines(TAIL_LINES), secrets);
        if (outcome.killedAtBound()) {
            throw new StepFailure(name() + " was still running at its bound of " + bound + " and was killed; last lines of its output:\n"
                    + tail, whole + "\n[killed at the bound of " + bound + "]");
        }
        if (outcome.exitCode() != 0) {
            throw new StepFailure(name() + " exited " + outcome.exitCode() + " after " + took + "; last lines of its output:\n" + tail,
                    whole + "\n[exit " + outcome.exitCode() + " after " + took + "]");
        }
        return whole + (whole.endsWith("\n") ? "" : "\n") + "[exit 0 after " + took + "]";
    }

    private Path locate() {
        Path file = Path.of(path);
        Path resolved = file.isAbsolute() ? file : Path.of("").toAbsolutePath().resolve(file);
        if (!Files.isRegularFile(resolved)) {
            throw new IllegalArgumentException(name() + ": no script at '" + path + "' (relative paths start at the project folder);"
                    + " scripts under drills/scripts: " + available());
        }
        return resolved;
    }

    private static List<String> available() {
        Path folder = Path.of("drills", "scripts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(p -> "drills/scripts/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String describe(Map<String, String> variables) {
        List<String> lines = new ArrayList<>();
        variables.forEach((k, v) -> lines.add(k + "=" + (Secrets.isSecretName(k) ? Secrets.MASK : v)));
        return "variables: " + String.join(" ", lines);
    }
}
