package dev.firedrill.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stack as declared: services, named volumes (some size-limited), and which services the fault proxy fronts;
 * read from one Compose file or several merged in order ({@code sources}; {@code declaredIn}: the file of each service).
 *
 * <p>Example: {@code StackDefinition.load(Path.of("docker-compose.drill.yml")).only("postgres", "redis", "ledger")};
 * with monitoring, {@code StackDefinition.load(List.of(Path.of("docker-compose.drill.yml"), Path.of("docker-compose.monitoring.yml")))}.
 */
public record StackDefinition(
        List<Path> sources,
        Map<String, ServiceDefinition> services,
        Map<String, VolumeDefinition> volumes,
        Optional<ProxyDefinition> proxy,
        Map<String, Path> declaredIn) {

    /**
     * A named volume; {@code sizeLimit} set for a size-limited persistent volume (loop-mounted ext4);
     * {@code survivesDestroy} for a volume that is not its service's own disk (a backup repository): the destroy fault
     * leaves it.
     */
    public record VolumeDefinition(String name, Optional<Long> sizeLimitBytes, boolean survivesDestroy) {

        /** A volume the destroy fault removes with its service. */
        public VolumeDefinition(String name, Optional<Long> sizeLimitBytes) {
            this(name, sizeLimitBytes, false);
        }
    }

    /** The fault proxy service and the services it fronts (proxy names equal the service names). */
    public record ProxyDefinition(String service, List<String> fronts) {
        public ProxyDefinition {
            fronts = List.copyOf(fronts);
        }
    }

    public StackDefinition {
        sources = List.copyOf(sources);
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
        volumes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
        declaredIn = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(declaredIn));
    }

    /** Checks what only the whole definition can tell (e.g. the proxy's ports, no dependency cycle); called by {@link ComposeFile}. */
    void validate() {
        ProxyWiring.validate(this);
        order(services.values());
    }

    /** Reads and validates a Compose file (the documented subset plus {@code x-firedrill}). */
    public static StackDefinition load(Path composeFile) {
        return load(List.of(composeFile));
    }

    /**
     * Reads, merges in order and validates Compose files: later files add services and volumes; one declared twice,
     * or a second {@code x-firedrill.proxy}, is an error naming both files (docs/stack.md, "Several Compose files").
     */
    public static StackDefinition load(List<Path> composeFiles) {
        return ComposeFile.read(composeFiles);
    }

    /** The Compose file(s) of this stack, for messages: {@code a.yml}, or {@code a.yml + b.yml}. */
    public String origin() {
        return String.join(" + ", sources.stream().map(Path::toString).toList());
    }

    /** The Compose file that declares {@code service}: its relative paths (build folder) resolve against that file's folder. */
    public Path source(String service) {
        return declaredIn.getOrDefault(service(service).name(), sources.get(0));
    }

    /** The service, or a configuration error listing the services there are. */
    public ServiceDefinition service(String name) {
        ServiceDefinition service = services.get(name);
        if (service == null) {
            throw new StackConfigurationException("Unknown service '" + name + "' in " + origin()
                    + "; services are " + services.keySet());
        }
        return service;
    }

    /** Whether the fault proxy fronts this service. */
    public boolean proxied(String service) {
        return proxy.map(p -> p.fronts().contains(service)).orElse(false);
    }

    /** The names of the services the stack starts: all but those with {@code profiles}, which only run as one-offs. */
    public Set<String> startedServices() {
        Set<String> started = new LinkedHashSet<>();
        services.values().stream().filter(ServiceDefinition::startsWithStack).forEach(s -> started.add(s.name()));
        return started;
    }

    /**
     * Only the named services and what they depend on (and the proxy, when it fronts one of them). Services with
     * {@code profiles} stay defined (for one-offs) when every service they depend on stays.
     */
    public StackDefinition only(String... names) {
        Set<String> keep = new LinkedHashSet<>();
        for (String name : names) {
            collect(service(name), keep);
        }
        proxy.ifPresent(p -> {
            if (p.fronts().stream().anyMatch(keep::contains)) {
                collect(service(p.service()), keep);
            }
        });
        Map<String, ServiceDefinition> kept = new LinkedHashMap<>();
        services.forEach((name, def) -> {
            if (keep.contains(name) || !def.startsWithStack() && keep.containsAll(def.dependsOn())) {
                kept.put(name, def);
            }
        });
        Optional<ProxyDefinition> keptProxy = proxy
                .filter(p -> keep.contains(p.service()))
                .map(p -> new ProxyDefinition(p.service(), p.fronts().stream().filter(keep::contains).toList()));
        return new StackDefinition(sources, kept, volumes, keptProxy, declaredIn);
    }

    /** The same stack with one environment variable of one service overridden. */
    public StackDefinition withEnvironment(String service, String key, String value) {
        Map<String, ServiceDefinition> changed = new LinkedHashMap<>(services);
        changed.put(service, service(service).withEnvironment(key, value));
        return new StackDefinition(sources, changed, volumes, proxy, declaredIn);
    }

    /**
     * The services the stack starts ({@link #startedServices()}), in an order that starts every dependency before its
     * dependents.
     */
    public List<ServiceDefinition> startOrder() {
        return order(services.values().stream().filter(ServiceDefinition::startsWithStack).toList());
    }

    private List<ServiceDefinition> order(java.util.Collection<ServiceDefinition> these) {
        List<ServiceDefinition> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (ServiceDefinition service : these) {
            visit(service, done, new LinkedHashSet<>(), order);
        }
        return order;
    }

    private void visit(ServiceDefinition service, Set<String> done, Set<String> path, List<ServiceDefinition> order) {
        if (done.contains(service.name())) {
            return;
        }
        if (!path.add(service.name())) {
            throw new StackConfigurationException("depends_on forms a cycle in " + origin() + ": " + path);
        }
        for (String dependency : service.dependsOn()) {
            visit(service(dependency), done, path, order);
        }
        path.remove(service.name());
        done.add(service.name());
        order.add(service);
    }

    private void collect(ServiceDefinition service, Set<String> keep) {
        if (keep.add(service.name())) {
            for (String dependency : service.dependsOn()) {
                collect(service(dependency), keep);
            }
        }
    }
}
