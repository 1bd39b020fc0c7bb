package dev.firedrill.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a stack, as the Compose file declares it (the documented subset).
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
        Map<String, String> labels) {

    public ServiceDefinition {
        environment = Map.copyOf(environment);
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        dependsOn = List.copyOf(dependsOn);
        volumes = List.copyOf(volumes);
        tmpfs = List.copyOf(tmpfs);
        labels = Map.copyOf(labels);
    }

    /** The same service with one environment variable set (overrides for a drill). */
    public ServiceDefinition withEnvironment(String key, String value) {
        var env = new java.util.LinkedHashMap<>(environment);
        env.put(key, value);
        return new ServiceDefinition(name, image, build, env, command, ports, healthcheck, dependsOn, volumes, tmpfs, labels);
    }
}
