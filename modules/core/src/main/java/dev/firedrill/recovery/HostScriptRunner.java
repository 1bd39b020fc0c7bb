package dev.firedrill.recovery;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script on the host with {@code sh}, in the project folder, with the harness's environment plus
 * the stack's variables; at the bound the script and every process it started are killed (SIGKILL).
 */
final class HostScriptRunner {

    private HostScriptRunner() {
    }

    static ScriptOutcome run(Path script, List<String> args, Map<String, String> env, Duration bound, CapturedOutput output) {
        List<String> command = new ArrayList<>();
        command.add("sh");
        command.add(script.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start 'sh " + script + "' on the host: " + e.getMessage(), e);
        }
        Thread reader = new Thread(() -> copy(process, output), "firedrill-script-output");
        reader.setDaemon(true);
        reader.start();
        boolean killed = false;
        try {
            if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                killed = true;
                killTree(process.toHandle());
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while 'sh " + script + "' ran; it was killed", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new ScriptOutcome(killed ? null : process.exitValue(), killed, took);
    }

    private static void copy(Process process, CapturedOutput output) {
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                output.append(new String(buffer, 0, n));
            }
        } catch (IOException e) {
            output.append("\n[output no longer readable: " + e.getMessage() + "]\n");
        }
    }

    /** SIGKILL to the process and its descendants, again while new ones appear (a few rounds). */
    private static void killTree(ProcessHandle root) {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
            all.add(root);
            all.forEach(ProcessHandle::destroyForcibly);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ProcessHandle handle : all) {
                try {
                    handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // reported below if it still lives
                }
            }
            if (root.descendants().findAny().isEmpty()) {
                return;
            }
        }
    }
}
