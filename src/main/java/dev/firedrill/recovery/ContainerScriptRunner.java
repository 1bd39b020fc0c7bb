package dev.firedrill.recovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.model.Frame;
import dev.firedrill.stack.Stack;
import org.testcontainers.DockerClientFactory;

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

    static ScriptOutcome run(Stack stack, String service, String user, String name, String text, List<String> args,
            Map<String, String> env, Duration bound, CapturedOutput output) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
            throw new IllegalArgumentException("script " + name + " is " + text.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a script run inside a container may have at most " + MAX_SCRIPT_BYTES + " (call a longer one from a short one)");
        }
        DockerClient docker = DockerClientFactory.instance().client();
        String container = stack.containerId(service);
        String dir = "/tmp/firedrill-script-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> variables = new ArrayList<>();
        env.forEach((k, v) -> variables.add(k + "=" + v));
        variables.add("FIREDRILL_SCRIPT_DIR=" + dir);
        variables.add("FIREDRILL_SCRIPT_NAME=" + name);
        variables.add("FIREDRILL_SCRIPT_TEXT=" + text);
        List<String> command = new ArrayList<>(List.of("sh", "-c", RUN, name));
        command.addAll(args);
        long start = System.nanoTime();
        ExecCreateCmd create = docker.execCreateCmd(container).withCmd(command.toArray(String[]::new)).withEnv(variables)
                .withAttachStdout(true).withAttachStderr(true);
        if (user != null) {
            create.withUser(user);
        }
        String exec = create.exec().getId();
        ResultCallback.Adapter<Frame> callback = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        });
        boolean killed = false;
        try {
            if (!callback.awaitCompletion(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                killed = true;
                kill(docker, container, dir);
                callback.awaitCompletion(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kill(docker, container, dir);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran in '" + service + "'; it was killed", e);
        } finally {
            quietly(docker, container, "rm", "-rf", dir);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        return new ScriptOutcome(killed || code == null ? null : code.intValue(), killed, took);
    }

    private static void kill(DockerClient docker, String container, String dir) {
        quietly(docker, container, "sh", "-c", KILL, "kill", dir);
    }

    /** Runs a command as root in the container and waits for it (bounded); its failure is not the script's. */
    private static void quietly(DockerClient docker, String container, String... command) {
        try {
            String id = docker.execCreateCmd(container).withCmd(command).withUser("root")
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            docker.execStartCmd(id).exec(new ResultCallback.Adapter<>()).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the container may be gone; nothing left to clean up then
        }
    }
}
