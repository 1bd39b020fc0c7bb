package dev.firedrill.recovery;

import dev.firedrill.capability.ServiceCommands;
import java.util.LinkedHashMap;


import dev.firedrill.SystemUnderTest;


import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script inside a service's container: the script is copied in (its text handed to the
 * container's {@code sh}, written to {@code /tmp/firedrill-script-<id>/<name>}), then run there with
 * {@code sh}, stdout and stderr interleaved, with the stack's variables. At the bound the script and
 * every process it started in the container are killed (SIGSTOP, then SIGKILL, found through
 * {@code /proc}); the copy is removed afterwards.
 */
final class ContainerScriptRunner {

    /** The kernel's limit for one environment string is 128 KiB; the script travels as one. */
    static final int MAX_SCRIPT_BYTES = 120 * 1024;

    private static final String RUN = String.join("\n",
            "d=\"$FIREDRILL_SCRIPT_DIR\"; n=\"$FIREDRILL_SCRIPT_NAME\"",
            "mkdir -p \"$d\" && printf '%s' \"$FIREDRILL_SCRIPT_TEXT\" > \"$d/$n\" || exit 126",
            "unset FIREDRILL_SCRIPT_TEXT FIREDRILL_SCRIPT_NAME FIREDRILL_SCRIPT_DIR",
            "echo $$ > \"$d/pid\"",
            "exec sh \"$d/$n\" \"$@\" 2>&1");

    /** Every descendant of the pid in $1 (and itself), from /proc: "pid ppid" pairs walked breadth first. */
    private static final String KILL = String.join("\n",
            "root=$(cat \"$1/pid\" 2>/dev/null) || exit 0",
            "tree() {",
            "  all=$root; frontier=$root",
            "  while [ -n \"$frontier\" ]; do",
            "    next=''",
            "    for s in /proc/[0-9]*/stat; do",
            "      st=$(cat \"$s\" 2>/dev/null) || continue",
            "      rest=${st##*) }; set -- $rest",
            "      for f in $frontier; do if [ \"$2\" = \"$f\" ]; then p=${s#/proc/}; next=\"$next ${p%/stat}\"; fi; done",
            "    done",
            "    all=\"$all $next\"; frontier=$next",
            "  done",
            "}",
            "tree; kill -STOP $all 2>/dev/null; tree; kill -KILL $all 2>/dev/null; kill -CONT $all 2>/dev/null; exit 0");

    private ContainerScriptRunner() {
    }

    static ScriptOutcome run(SystemUnderTest system, String service, String user, String name, String text, List<String> args,
            Map<String, String> env, Duration bound, CapturedOutput output) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
            throw new IllegalArgumentException("script " + name + " is " + text.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a script run inside a container may have at most " + MAX_SCRIPT_BYTES + " (call a longer one from a short one)");
        }
        ServiceCommands commands = system.require(ServiceCommands.class, "run " + name + " in '" + service + "'");
        String dir = "/tmp/firedrill-script-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> variables = new LinkedHashMap<>(env);
        variables.put("FIREDRILL_SCRIPT_DIR", dir);
        variables.put("FIREDRILL_SCRIPT_NAME", name);
        variables.put("FIREDRILL_SCRIPT_TEXT", text);
        List<String> command = new ArrayList<>(List.of("sh", "-c", RUN, name));
        command.addAll(args);
        long start = System.nanoTime();
        ServiceCommands.RunningCommand running = commands.start(service, user, variables, command, output::append);
        boolean killed = false;
        try {
            if (!running.await(bound)) {
                killed = true;
                kill(commands, service, dir);
                running.await(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            kill(commands, service, dir);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran in '" + service + "'; it was killed", e);
        } finally {
            quietly(commands, service, "rm", "-rf", dir);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Integer code = running.exitCode().orElse(null);
        return new ScriptOutcome(killed || code == null ? null : code, killed, took);
    }

    private static void kill(ServiceCommands commands, String service, String dir) {
        quietly(commands, service, "sh", "-c", KILL, "kill", dir);
    }

    /** Runs a command as root in the container and waits for it (bounded); its failure is not the script's. */
    private static void quietly(ServiceCommands commands, String service, String... command) {
        try {
            commands.start(service, "root", Map.of(), List.of(command), text -> { }).await(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the container may be gone; nothing left to clean up then
        }
    }
}
