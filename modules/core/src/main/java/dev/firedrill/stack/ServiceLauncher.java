package dev.firedrill.stack;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/** Starts a stack's services from their definitions: in waves, dependencies first, each wave in parallel. */
final class ServiceLauncher {

    private static final Logger LOG = Logger.getLogger(ServiceLauncher.class.getName());
    static final Duration DEFAULT_READY_BUDGET = Duration.ofSeconds(60);

    private final StackContainers containers;
    private final StackDefinition definition;

    ServiceLauncher(StackContainers containers) {
        this.containers = containers;
        this.definition = containers.definition;
    }

    /** Starts every service; the fault proxy's proxies are created after the first wave, before their clients start. */
    void startAll() {
        boolean proxyWired = definition.proxy().isEmpty();
        for (List<ServiceDefinition> wave : waves()) {
            List<CompletableFuture<Void>> starting = wave.stream()
                    .map(service -> CompletableFuture.runAsync(() -> start(service)))
                    .toList();
            try {
                CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
            if (!proxyWired) {
                // The proxy starts in the first wave (it depends on nothing); clients of the services it
                // fronts declare depends_on on them, so they start in a later wave, after this wiring.
                proxyWired = true;
                new ProxyWiring(containers, definition).configure();
            }
        }
    }

    /** Start order in waves whose services start in parallel: each service once its dependencies are up. */
    private List<List<ServiceDefinition>> waves() {
        List<List<ServiceDefinition>> waves = new ArrayList<>();
        Set<String> started = new HashSet<>();
        List<ServiceDefinition> remaining = new ArrayList<>(definition.startOrder());
        while (!remaining.isEmpty()) {
            List<ServiceDefinition> wave = remaining.stream()
                    .filter(s -> started.containsAll(s.dependsOn()))
                    .toList();
            waves.add(wave);
            wave.forEach(s -> started.add(s.name()));
            remaining.removeAll(wave);
        }
        return waves;
    }

    /** Creates and starts the service's container, waiting until it is ready. */
    void start(ServiceDefinition service) {
        String image = containers.imageToStart(service);
        GenericContainer<?> container = container(service, image, service.name(), containers.aliases(service.name()));
        containers.register(service.name(), container);
        run(service.name(), image, container);
    }

    /**
     * Creates and starts an extra instance of the service ({@link StackScaling}): the same definition and image, named
     * and reached as {@code instance}; waits until it is ready. The caller removes it.
     */
    GenericContainer<?> startInstance(ServiceDefinition service, String instance) {
        String image = containers.imageToStart(service);
        GenericContainer<?> container = container(service, image, instance, List.of(instance));
        run(instance, image, container);
        return container;
    }

    /** The container of {@code service}'s definition, named {@code name} in the run, reached by {@code aliases}. */
    private GenericContainer<?> container(ServiceDefinition service, String image, String name, List<String> aliases) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image));
        container.withNetwork(containers.network)
                .withNetworkAliases(aliases.toArray(String[]::new))
                .withLabels(containers.labels())
                .withEnv(service.environment())
                .withExposedPorts(service.ports().toArray(Integer[]::new));
        if (!service.command().isEmpty()) {
            container.withCommand(service.command().toArray(String[]::new));
        }
        for (String tmpfs : service.tmpfs()) {
            String[] parts = tmpfs.split(":", 2);
            container.withTmpFs(Map.of(parts[0], parts.length > 1 ? parts[1] : "rw"));
        }
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount mount : service.volumes()) {
            String source = mount.hostPath() ? mount.source() : containers.volumeSource(mount.source());
            binds.add(new Bind(source, new Volume(mount.target()), mount.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        Optional<Healthcheck> healthcheck = service.healthcheck();
        container.withCreateContainerCmdModifier(cmd -> {
            cmd.withName(containers.containerName(name, false));
            cmd.getHostConfig().withBinds(binds);
            service.cpus().ifPresent(cpus -> cmd.getHostConfig().withNanoCPUs(Math.round(cpus * 1e9)));
            healthcheck.ifPresent(hc -> cmd.withHealthcheck(new HealthCheck()
                    .withTest(hc.test())
                    .withInterval(hc.interval().toNanos())
                    .withTimeout(hc.timeout().toNanos())
                    .withRetries(hc.retries())
                    .withStartPeriod(hc.startPeriod().toNanos())));
        });
        if (definition.proxy().map(p -> p.service().equals(service.name())).orElse(false)) {
            // The proxy's data ports only listen once proxies exist: wait for its API.
            container.waitingFor(Wait.forHttp("/version").forPort(ProxyWiring.API_PORT).withStartupTimeout(DEFAULT_READY_BUDGET));
        } else if (healthcheck.isPresent()) {
            container.waitingFor(new HealthyOrExited(healthcheck.get().budget()));
        } else if (!service.ports().isEmpty()) {
            container.waitingFor(Wait.forListeningPort().withStartupTimeout(DEFAULT_READY_BUDGET));
        }
        return container;
    }

    private void run(String name, String image, GenericContainer<?> container) {
        long begin = System.nanoTime();
        try {
            container.start();
            LOG.fine(() -> "service '" + name + "' ready in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            String logs = "";
            try {
                logs = container.getLogs();
            } catch (RuntimeException ignored) {
                // no container to read logs from
            }
            throw new StackException("Could not start service '" + name + "' (image " + image + "): "
                    + e.getMessage() + (logs.isBlank() ? "" : "\n--- last log lines of '" + name + "' ---\n"
                    + StackContainers.tail(logs, 30)), e);
        }
    }
}
