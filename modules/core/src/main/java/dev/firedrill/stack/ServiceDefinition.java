package dev.firedrill.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a stack, as the Compose file declares it (the documented subset). A service with {@code profiles} is
 * defined but not started with the stack (Compose's rule for a service whose profile is not active, and Firedrill
 * activates none): only one-offs run its image, as {@code docker compose run --rm <service> ...} does.
 *
 * <p>{@code cpus} is Compose's CPU limit ({@code cpus: 1.0}: the container's CFS quota is one core), empty when unlimited.
 */
public record ServiceDefinition(
        String name,
        String image,
        Optional<String> build,
        Map<String, String> environment,
        List<String> command,
        List<Integer> ports,
        Optional<Healthcheck> healthcheck,
        List<String> dependsOn,
        List<VolumeMount> volumes,
        List<String> tmpfs,
        Map<String, String> labels,
        List<String> profiles,
        Optional<Double> cpus) {

    public ServiceDefinition {
        cpus = cpus == null ? Optional.empty() : cpus;
        environment = Map.copyOf(environment);
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        dependsOn = List.copyOf(dependsOn);
        volumes = List.copyOf(volumes);
        tmpfs = List.copyOf(tmpfs);
        labels = Map.copyOf(labels);
        profiles = List.copyOf(profiles);
    }

    /** Whether the stack starts this service: it has no {@code profiles} (a service with some only runs as one-offs). */
    public boolean startsWithStack() {
        return profiles.isEmpty();
    }

    /** The same service with one environment variable set (overrides for a drill). */
    public ServiceDefinition withEnvironment(String key, String value) {
        var env = new java.util.LinkedHashMap<>(environment);
        env.put(key, value);
        return new ServiceDefinition(name, image, build, env, command, ports, healthcheck, dependsOn, volumes, tmpfs, labels, profiles, cpus);
    }
}
