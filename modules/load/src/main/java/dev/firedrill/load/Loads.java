package dev.firedrill.load;

import dev.firedrill.Workload;
import io.gatling.javaapi.core.Simulation;

import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Entry class of the load a drill runs in the background: Gatling simulations against the stack,
 * each request recorded into the drill's timeline so that objectives are judged per phase with
 * {@code dev.firedrill.measure.Slos}.
 *
 * <p>Examples: {@code Drill.builder("D03", "Database latency under load").workload(Loads.ledger())
 * .objective(Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, ofMillis(500)))}, and with a simulation of your own,
 * {@code .workload(Loads.gatling(CheckoutSimulation.class, SimulationSettings.against("shop", 8080)))
 * .objective(Slos.latencyPercentileBelow("load/place order", Phase.AFTER, 95, ofMillis(500)))}.
 */
public final class Loads {

    private Loads() {
    }

    /** Writes and reads through {@code ledger:8080} with the default settings (system properties {@code load.*} win). */
    public static Workload ledger() {
        return ledger(LoadSettings.defaults());
    }

    /** Writes and reads through {@code ledger:8080} with {@code settings} (system properties {@code load.*} win). */
    public static Workload ledger(LoadSettings settings) {
        return ledger("ledger", 8080, settings);
    }

    /** The same load against another service speaking the ledger contract, e.g. {@code lb:8080}. */
    public static Workload ledger(String service, int port, LoadSettings settings) {
        java.util.Objects.requireNonNull(settings, "load settings must not be null");
        return new GatlingLoad(LedgerSimulation.class.getName(), service, port, false, () -> {
            LoadSettings s = settings.overriddenBySystemProperties();
            return new GatlingLoad.Plan(" at " + s.rate() + " requests/s, " + Math.round(s.writeShare() * 100) + " % writes",
                    Map.of("load.rate", Double.toString(s.rate()), "load.writeShare", Double.toString(s.writeShare()),
                            "load.maxDuration", s.maxDuration().toString()),
                    SimulationSettings.DEFAULT_BASE_URL_PROPERTY, s.warmUp(), s.baseline(), s.path());
        });
    }

    /**
     * A simulation of your own, written with Gatling's Java DSL and unchanged, run in the background as the built-in load
     * is: its scenarios, feeders, checks and injection profile are its own; every request is recorded under the path
     * {@code load} and {@code load/<request name>} (the settings' path), so per-phase objectives work on it; the drill ends
     * the run when it ends; its assertions ({@code setUp(...).assertions(...)}) become the objective
     * {@code gatling-assertions(<SimpleName>)}, judged beside the drill's own. It reads the URL of the service under
     * load from the system property {@link SimulationSettings#baseUrlProperty()}.
     */
    public static Workload gatling(Class<? extends Simulation> simulation, SimulationSettings settings) {
        java.util.Objects.requireNonNull(settings, "simulation settings must not be null");
        String name = runnable(simulation).getName();
        return new GatlingLoad(name, settings.service(), settings.port(), true, () -> new GatlingLoad.Plan(
                settings.properties().isEmpty() ? "" : " with " + settings.runProperties(System::getProperty),
                settings.runProperties(System::getProperty), settings.baseUrlProperty(), settings.warmUp(), settings.baseline(),
                settings.path()));
    }

    /**
     * As {@link #gatling(Class, SimulationSettings)}, the simulation named by its fully qualified class name (a drill
     * file's {@code load: {simulation: ...}}), looked up on the classpath (the test classpath, where a project's
     * simulations are); an {@link IllegalArgumentException} naming the class when it is not there or is no simulation.
     */
    public static Workload gatling(String simulationClass, SimulationSettings settings) {
        if (simulationClass == null || simulationClass.isBlank()) {
            throw new IllegalArgumentException("a Gatling simulation is named by its fully qualified class name, e.g. "
                    + "com.example.shop.CheckoutSimulation; got '" + simulationClass + "'");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> found;
        try {
            found = Class.forName(simulationClass.trim(), false, loader != null ? loader : Loads.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("Gatling simulation class '" + simulationClass + "' is not on the classpath ("
                    + e + "): name a class of the test classpath (src/test/java or a test dependency) by its fully qualified "
                    + "name, e.g. com.example.shop.CheckoutSimulation", e);
        }
        if (!Simulation.class.isAssignableFrom(found)) {
            throw new IllegalArgumentException("'" + simulationClass + "' is not a Gatling simulation: a simulation extends "
                    + Simulation.class.getName() + " (Gatling's Java DSL)");
        }
        return gatling(found.asSubclass(Simulation.class), settings);
    }

    /** {@code simulation}, checked to be a class Gatling can create: public, not abstract, with a public no-argument constructor. */
    private static Class<? extends Simulation> runnable(Class<? extends Simulation> simulation) {
        java.util.Objects.requireNonNull(simulation, "simulation class must not be null");
        int modifiers = simulation.getModifiers();
        boolean created = Modifier.isPublic(modifiers) && !Modifier.isAbstract(modifiers)
                && (simulation.getEnclosingClass() == null || Modifier.isStatic(modifiers));
        try {
            created = created && Modifier.isPublic(simulation.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            created = false;
        }
        if (!created) {
            throw new IllegalArgumentException("Gatling simulation '" + simulation.getName() + "' cannot be created by Gatling: "
                    + "it must be a public, non-abstract (top-level or static nested) class with a public no-argument constructor");
        }
        return simulation;
    }
}
