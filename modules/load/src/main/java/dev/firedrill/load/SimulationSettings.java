package dev.firedrill.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How Firedrill runs a simulation of the user's own ({@link Loads#gatling}): the service it loads, the system property
 * that receives that service's base URL, the other system properties the simulation reads, and how its requests are
 * recorded (warm-up, baseline and timeline path, as for the built-in load, {@link LoadSettings}). The simulation's
 * injection profile, feeders, checks and assertions are its own; nothing here changes them.
 *
 * <p>Example: {@code SimulationSettings.against("ledger", 8080).baseUrlProperty("shop.baseUrl")
 * .property("shop.usersPerSecond", "10")}: while it runs, {@code System.getProperty("shop.baseUrl")} is the URL of
 * {@code ledger:8080} as the drill reaches it (through the fault proxy when one fronts it).
 *
 * @param service         the service under load (its name in the stack or the endpoints file)
 * @param port            its port
 * @param baseUrlProperty the system property set to {@code http://<host>:<port>} of the service for the run
 * @param properties      more system properties set for the run; one the JVM already has ({@code -Dname=value}) keeps its value
 * @param warmUp          requests of the first {@code warmUp} are sent (and in Gatling's report and assertions) but not recorded
 * @param baseline        how long the load is recorded before the drill goes on (once the drill's probes answer)
 * @param path            the timeline path of every request; each request is also recorded under {@code path/<request name>}
 */
public record SimulationSettings(String service, int port, String baseUrlProperty, Map<String, String> properties,
        Duration warmUp, Duration baseline, String path) {

    /** The system property that receives the base URL unless a drill names another. */
    public static final String DEFAULT_BASE_URL_PROPERTY = "load.baseUrl";

    /** Validates every field, naming it. */
    public SimulationSettings {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("Simulation settings: the service under load must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Simulation settings: port must be 1 to 65535, was " + port);
        }
        requireName(baseUrlProperty, "baseUrlProperty");
        Objects.requireNonNull(properties, "Simulation settings: properties must not be null (empty for none)");
        Map<String, String> copy = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            requireName(name, "a property's name");
            if (value == null) {
                throw new IllegalArgumentException("Simulation settings: property '" + name + "' has no value");
            }
            if (name.equals(baseUrlProperty)) {
                throw new IllegalArgumentException("Simulation settings: property '" + name + "' is the base URL property: "
                        + "Firedrill sets it to the URL of " + service + ":" + port + "; leave it out of properties");
            }
            copy.put(name, value);
        });
        properties = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(warmUp, "Simulation settings: warmUp must not be null");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("Simulation settings: warmUp must be zero or more, was " + warmUp);
        }
        Objects.requireNonNull(baseline, "Simulation settings: baseline must not be null");
        if (baseline.isNegative()) {
            throw new IllegalArgumentException("Simulation settings: baseline must be zero or more, was " + baseline);
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Simulation settings: path must not be blank, was '" + path + "'");
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Simulation settings: " + what + " must be a system property name "
                    + "(no blanks), e.g. shop.baseUrl; was '" + name + "'");
        }
    }

    /** Load on {@code service:port}; base URL in {@value #DEFAULT_BASE_URL_PROPERTY}, no other property, 5 s warm-up, 10 s baseline, path {@code load}. */
    public static SimulationSettings against(String service, int port) {
        LoadSettings d = LoadSettings.defaults();
        return new SimulationSettings(service, port, DEFAULT_BASE_URL_PROPERTY, Map.of(), d.warmUp(), d.baseline(), d.path());
    }

    /** A copy whose base URL goes into the system property {@code name}. */
    public SimulationSettings baseUrlProperty(String name) {
        return new SimulationSettings(service, port, name, properties, warmUp, baseline, path);
    }

    /** A copy that also sets the system property {@code name} to {@code value} for the run. */
    public SimulationSettings property(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new SimulationSettings(service, port, baseUrlProperty, more, warmUp, baseline, path);
    }

    /** A copy with another warm-up (sent, not recorded). */
    public SimulationSettings warmUp(Duration notRecorded) {
        return new SimulationSettings(service, port, baseUrlProperty, properties, notRecorded, baseline, path);
    }

    /** A copy with another baseline (recorded before the drill goes on). */
    public SimulationSettings baseline(Duration recordedFirst) {
        return new SimulationSettings(service, port, baseUrlProperty, properties, warmUp, recordedFirst, path);
    }

    /** A copy recording under another timeline path. */
    public SimulationSettings path(String timelinePath) {
        return new SimulationSettings(service, port, baseUrlProperty, properties, warmUp, baseline, timelinePath);
    }

    /**
     * {@link #properties()} as the run sets them: one the JVM already has ({@code -Dname=value}) keeps the JVM's value,
     * as {@code -Dload.*} wins for the built-in load.
     */
    Map<String, String> runProperties(java.util.function.UnaryOperator<String> jvm) {
        Map<String, String> run = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            String given = jvm.apply(name);
            run.put(name, given != null ? given : value);
        });
        return run;
    }
}
