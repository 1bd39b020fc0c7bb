package dev.firedrill.load;

import io.gatling.app.Gatling$;
import io.gatling.app.RunResult;
import io.gatling.app.cli.GatlingArgsParser;
import io.gatling.app.cli.StatusCode;
import io.gatling.core.actor.ActorSystem;
import io.gatling.core.cli.GatlingArgs;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.config.GatlingConfiguration$;
import io.gatling.netty.util.Transports;
import io.netty.channel.EventLoopGroup;
import org.slf4j.LoggerFactory;
import scala.util.Either;
import scala.util.Left;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a Gatling simulation in this JVM, one at a time (Gatling keeps global state), blocking the calling thread.
 * A run is what {@code Gatling.main} does, minus its {@code System.exit} and with Gatling's {@link io.gatling.app.Runner}
 * replaced by {@link RecordingRunner}, which reports every request to the drill and lets the drill end the run; the
 * assertions are then judged as Gatling judges them ({@link GatlingAssertion}). The HTML report is written afterwards
 * ({@link #report}, through {@code Gatling$.MODULE$.fromArgs}). None of these is a documented API of Gatling 3.15.1:
 * re-check them on every upgrade ({@code UserSimulationIT} and {@code GatlingLoadIT} run simulations through them).
 */
final class GatlingRuns {

    private static final Logger LOG = Logger.getLogger(GatlingRuns.class.getName());
    private static final Object ONE_AT_A_TIME = new Object();

    /** A finished run: its folder (with {@code simulation.log}), if one was written, and its assertions, judged. */
    record Result(Path runFolder, List<GatlingAssertion> assertions) {
    }

    private GatlingRuns() {
    }

    /**
     * Runs {@code simulation} (no HTML report: see {@link #report}) with the given system properties set for the run
     * (the simulation reads them when Gatling creates it), every request reported to {@code run}, writing into
     * {@code resultsRoot}.
     */
    static Result run(String simulation, Path resultsRoot, Map<String, String> properties, LoadRun run, String description) {
        synchronized (ONE_AT_A_TIME) {
            Map<String, String> previous = new HashMap<>();
            properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
            try {
                Files.createDirectories(resultsRoot);
                GatlingArgs args = arguments("--simulation", simulation, "--results-folder", resultsRoot.toString(),
                        "--run-description", description, "--no-reports");
                GatlingConfiguration configuration = GatlingConfiguration$.MODULE$.load();
                RunResult result = runOnce(args, configuration, run);
                Path folder = resultsRoot.resolve(result.runId());
                List<GatlingAssertion> assertions = result.hasAssertions()
                        ? GatlingAssertion.evaluate(result.runId(), resultsRoot, configuration) : List.of();
                return new Result(Files.isDirectory(folder) ? folder : null, assertions);
            } catch (IOException e) {
                throw new UncheckedIOException("Gatling run of " + simulation + ": cannot use results folder " + resultsRoot, e);
            } finally {
                previous.forEach((key, value) -> {
                    if (value == null) {
                        System.clearProperty(key);
                    } else {
                        System.setProperty(key, value);
                    }
                });
            }
        }
    }

    /** One run on an actor system and event loops of its own, both shut down after it as Gatling's launcher does. */
    private static RunResult runOnce(GatlingArgs args, GatlingConfiguration configuration, LoadRun run) {
        ActorSystem system = new ActorSystem();
        EventLoopGroup eventLoops = Transports.newEventLoopGroup(configuration.netty().useNativeTransport(),
                configuration.netty().useIoUring(), 0, "gatling");
        try {
            return new RecordingRunner(system, eventLoops, args, configuration, run).run();
        } finally {
            try {
                system.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not close Gatling's actor system", e);
            }
            eventLoops.shutdownGracefully(0, configuration.core().shutdownTimeout(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    private static GatlingArgs arguments(String... args) {
        Either<GatlingArgs, StatusCode> parsed = new GatlingArgsParser(args).parseArguments();
        if (parsed instanceof Left<GatlingArgs, StatusCode> left) {
            return left.value();
        }
        throw new IllegalStateException("Gatling refused the arguments " + String.join(" ", args) + ": " + parsed);
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

    /**
     * Gatling's launcher ({@code fromArgs}, which writes the report) stops logback when it ends, which silences every
     * SLF4J logger of the JVM; configure it again. Reflective, so that logback stays an optional (test) dependency.
     */
    private static void restartLogback() {
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
