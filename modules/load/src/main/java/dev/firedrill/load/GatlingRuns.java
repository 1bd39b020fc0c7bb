package dev.firedrill.load;

import io.gatling.app.Gatling$;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs a Gatling simulation in this JVM, one at a time (Gatling keeps global state), blocking the
 * calling thread. Uses {@code Gatling$.MODULE$.fromArgs}: {@code Gatling.main} would call
 * {@code System.exit}. fromArgs is not a documented API (Gatling 3.15.1): re-check it on every upgrade.
 */
final class GatlingRuns {

    private static final Logger LOG = Logger.getLogger(GatlingRuns.class.getName());
    private static final Object ONE_AT_A_TIME = new Object();

    /** A finished run: Gatling's status code (0 OK, 2 assertions failed) and its report folder, if one was written. */
    record Result(int statusCode, Path runFolder) {
    }

    private GatlingRuns() {
    }

    /**
     * Runs {@code simulation} (no HTML report: see {@link #report}) with the given system properties set for the run (the simulation reads them
     * when Gatling creates it), the drill's {@code target} attached, writing into {@code resultsRoot}.
     */
    static Result run(String simulation, Path resultsRoot, Map<String, String> properties, LoadBridge.Target target,
            String description) {
        synchronized (ONE_AT_A_TIME) {
            Map<String, String> previous = new HashMap<>();
            properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
            LoadBridge.attach(target);
            try {
                Files.createDirectories(resultsRoot);
                Set<Path> before = runFolders(resultsRoot);
                int status = Gatling$.MODULE$.fromArgs(new String[] {"--simulation", simulation,
                        "--results-folder", resultsRoot.toString(), "--run-description", description, "--no-reports"});
                Set<Path> after = runFolders(resultsRoot);
                after.removeAll(before);
                return new Result(status, after.stream().findFirst().orElse(null));
            } catch (IOException e) {
                throw new UncheckedIOException("Gatling run of " + simulation + ": cannot use results folder " + resultsRoot, e);
            } finally {
                LoadBridge.detach();
                previous.forEach((key, value) -> {
                    if (value == null) {
                        System.clearProperty(key);
                    } else {
                        System.setProperty(key, value);
                    }
                });
                restartLogback();
            }
        }
    }

    /**
     * Writes the HTML report of a run made by {@link #run} (which writes only {@code simulation.log}, so that
     * stopping a drill's load does not wait for the report). Returns the report's {@code index.html}.
     */
    static Path report(Path runFolder) {
        synchronized (ONE_AT_A_TIME) {
            try {
                Gatling$.MODULE$.fromArgs(new String[] {"--reports-only", runFolder.getFileName().toString(),
                        "--results-folder", runFolder.getParent().toString()});
            } finally {
                restartLogback();
            }
            return runFolder.resolve("index.html");
        }
    }

    private static Set<Path> runFolders(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            Set<Path> folders = new HashSet<>();
            children.filter(Files::isDirectory).forEach(folders::add);
            return folders;
        }
    }

    /**
     * Gatling stops logback at the end of each run, which silences every SLF4J logger of the JVM;
     * configure it again. Reflective, so that logback stays an optional (test) dependency.
     */
    static void restartLogback() {
        Object context = LoggerFactory.getILoggerFactory();
        if (!context.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        try {
            context.getClass().getMethod("reset").invoke(context);
            Class<?> initializer = Class.forName("ch.qos.logback.classic.util.ContextInitializer", true,
                    context.getClass().getClassLoader());
            Object init = initializer.getConstructor(context.getClass()).newInstance(context);
            initializer.getMethod("autoConfig").invoke(init);
            context.getClass().getMethod("start").invoke(context);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not restart logback after the Gatling run; SLF4J logging may stay silent", e);
        }
    }
}
