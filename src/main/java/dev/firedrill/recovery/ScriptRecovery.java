package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runbook script run on the harness's host, from the project directory, with {@code bash}; its
 * output is the step's output; a non-zero exit or a run longer than {@code timeout} fails the step.
 * The script gets {@code FIREDRILL_SERVICES} (the system's services, space-separated).
 */
record ScriptRecovery(String script, List<String> args, Duration timeout) implements Recovery {

    ScriptRecovery {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("script: the script's path must be given");
        }
        args = List.copyOf(args);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("script(" + script + "): timeout must be positive, got " + timeout);
        }
    }

    @Override
    public String name() {
        return "script(" + script + (args.isEmpty() ? "" : " " + String.join(" ", args)) + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        Path dir = projectDir();
        Path file = dir.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name() + ": no such file " + file);
        }
        List<String> command = new ArrayList<>(List.of("bash", file.toString()));
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("FIREDRILL_SERVICES", String.join(" ", system.services()));
            Process process = builder.start();
            Path out = Files.createTempFile("firedrill-script", ".log");
            try {
                Thread copier = new Thread(() -> {
                    try (var in = process.getInputStream()) {
                        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException ignored) {
                        // the process ended or was killed; what was read stays
                    }
                }, "firedrill-script-output");
                copier.setDaemon(true);
                copier.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name() + " still running after " + timeout + "; killed");
                }
                copier.join(5000);
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(name() + " exited with " + process.exitValue() + ": " + output.strip());
                }
                return output.strip();
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(name() + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name() + " interrupted", e);
        }
    }

    private static Path projectDir() {
        String dir = System.getProperty("firedrill.project.dir");
        return dir == null || dir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }
}
