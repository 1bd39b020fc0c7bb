package dev.firedrill.stack;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.firedrill.Capability;
import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.HelperContainers;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceScaling;
import dev.firedrill.capability.ServiceSidecars;
import dev.firedrill.capability.SqlSessions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A running stack: the services of a {@link StackDefinition} on one Docker network of their own, offering every
 * capability: {@link ServiceProcesses}, {@link ServiceCommands}, {@link ServiceFiles}, {@link OneOffs},
 * {@link Network}, {@link SqlSessions} (on its PostgreSQL services), {@link HelperContainers} (on its network),
 * {@link ServiceImages}, {@link ServiceScaling} (extra instances of a service), {@link ServiceSidecars} (processes
 * counted in a service's cgroup) and {@link FaultProxy} (when it declares one).
 *
 * <p>Every container, network and volume carries the run and owner labels (docs/stack.md); {@link #close()} removes
 * them all, and leftovers of a JVM that died are swept when the next stack starts. Host ports are read again after
 * every restart.
 *
 * <pre>{@code
 * try (Stack stack = Stack.start(StackDefinition.load(Path.of("docker-compose.drill.yml")))) {
 *     URI web = stack.endpoint("web", 8080).httpUri();
 *     stack.processes().kill("web");
 *     stack.processes().start("web");
 * }
 * }</pre>
 */
public final class Stack implements SystemUnderTest, AutoCloseable {

    private final StackContainers containers;
    private final ContainerProcesses processes;
    private final ContainerFiles files;
    private final ContainerOneOffs oneOffs;
    private final StackNetwork network;
    private final StackSqlSessions sql;
    private final Optional<StackFaultProxy> faultProxy;
    private final StackHelpers helpers;
    private final StackScaling scaling;
    private final StackSidecars sidecars;
    private final Map<Class<? extends Capability>, Capability> capabilities = new LinkedHashMap<>();

    private Stack(StackDefinition definition, String runId) {
        this.containers = new StackContainers(definition, runId);
        this.processes = new ContainerProcesses(containers, new ServiceLauncher(containers));
        this.files = new ContainerFiles(containers);
        this.oneOffs = new ContainerOneOffs(containers);
        this.network = new StackNetwork(containers, oneOffs);
        this.sql = new StackSqlSessions(this);
        this.helpers = new StackHelpers(containers);
        this.scaling = new StackScaling(containers, new ServiceLauncher(containers));
        this.sidecars = new StackSidecars(containers, processes);
        this.faultProxy = definition.proxy().map(p -> new StackFaultProxy(containers, network));
        capabilities.put(ServiceProcesses.class, processes);
        capabilities.put(ServiceCommands.class, processes);
        capabilities.put(ServiceFiles.class, files);
        capabilities.put(OneOffs.class, oneOffs);
        capabilities.put(Network.class, network);
        capabilities.put(HelperContainers.class, helpers);
        capabilities.put(ServiceImages.class, new StackImages(containers, processes));
        capabilities.put(ServiceScaling.class, scaling);
        capabilities.put(ServiceSidecars.class, sidecars);
        faultProxy.ifPresent(proxy -> capabilities.put(FaultProxy.class, proxy));
    }

    /** Sweeps leftovers of dead runs, then starts every service of the definition, dependencies first. */
    public static Stack start(StackDefinition definition) {
        return start(definition, newRunId());
    }

    /** As {@link #start(StackDefinition)}, with a run id chosen by the caller (e.g. the drill run's). */
    public static Stack start(StackDefinition definition, String runId) {
        new Sweeper(DockerClientFactory.instance().client(), LoopVolumes.fromEnvironment()).sweep();
        Stack stack = new Stack(definition, runId);
        try {
            new ServiceLauncher(stack.containers).startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** A run id: UTC time plus a random suffix, e.g. {@code 20261122-081500-3fa2}. */
    public static String newRunId() {
        return LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    /** The run id this stack's containers, network and volumes are labelled with. */
    public String runId() {
        return containers.runId;
    }

    @Override
    public Optional<String> startedByRun() {
        return Optional.of(containers.runId);
    }

    public StackDefinition definition() {
        return containers.definition;
    }

    /** The services the stack runs; those with {@code profiles} are only defined, for one-offs ({@link OneOffs#services()}). */
    @Override
    public Set<String> services() {
        return definition().startedServices();
    }

    @Override
    public Map<String, String> environment(String service) {
        return definition().service(service).environment();
    }

    /** Where the harness reaches a service's port: through the fault proxy when it fronts the service, else directly. */
    @Override
    public Endpoint endpoint(String service, int port) {
        definition().service(service);
        if (definition().proxied(service)) {
            return directEndpoint(definition().proxy().orElseThrow().service(), port);
        }
        return directEndpoint(service, port);
    }

    /** The service's own mapped port, bypassing the proxy. */
    @Override
    public Endpoint directEndpoint(String service, int port) {
        return containers.directEndpoint(service, port);
    }

    @Override
    public Optional<String> protocol(String service) {
        return services().contains(service) ? ServiceKinds.protocol(definition(), service) : Optional.empty();
    }

    @Override
    public List<Integer> ports(String service) {
        return definition().service(service).ports();
    }

    @Override
    public String describe() {
        return "the stack of " + definition().origin();
    }

    @Override
    public Optional<String> howToOffer(Class<? extends Capability> type) {
        if (type == FaultProxy.class) {
            return Optional.of("declare a fault proxy in " + definition().origin() + ": x-firedrill.proxy, docs/stack.md");
        }
        if (type == SqlSessions.class) {
            return Optional.of(definition().origin() + " has no PostgreSQL service");
        }
        return Optional.empty();
    }

    @Override
    public Set<Class<? extends Capability>> capabilities() {
        Set<Class<? extends Capability>> offered = new java.util.LinkedHashSet<>(capabilities.keySet());
        if (!sql.databases().isEmpty()) {
            offered.add(SqlSessions.class);
        }
        return offered;
    }

    @Override
    public <T extends Capability> Optional<T> capability(Class<T> type) {
        if (type == SqlSessions.class) {
            return sql.databases().isEmpty() ? Optional.empty() : Optional.of(type.cast(sql));
        }
        return Optional.ofNullable(capabilities.get(type)).map(type::cast);
    }

    /** The services' processes: kill, stop, start, restart, recreate, destroy, pause. */
    public ServiceProcesses processes() {
        return processes;
    }

    /** Commands run inside the services. */
    public ServiceCommands commands() {
        return processes;
    }

    /** Files of the services and the harness's volumes. */
    public ServiceFiles files() {
        return files;
    }

    /** One-off containers on the stack network. */
    public OneOffs oneOffs() {
        return oneOffs;
    }

    /** The stack network: partitions and addresses. */
    public Network network() {
        return network;
    }

    /** SQL sessions to the PostgreSQL services. */
    public SqlSessions sql() {
        return sql;
    }

    /** The fault proxy, when the stack declares one. */
    public Optional<FaultProxy> faultProxy() {
        return faultProxy.map(FaultProxy.class::cast);
    }

    /** The Docker container id of a service. */
    public String containerId(String service) {
        return containers.container(service).getContainerId();
    }

    /** Service name to the id of the image its container runs (for the evidence). */
    @Override
    public Map<String, String> images() {
        Map<String, String> images = new LinkedHashMap<>();
        for (Map.Entry<String, GenericContainer<?>> entry : containers.all().entrySet()) {
            try {
                InspectContainerResponse info = containers.docker.inspectContainerCmd(entry.getValue().getContainerId()).exec();
                images.put(entry.getKey(), info.getConfig().getImage() + "@" + info.getImageId());
            } catch (RuntimeException e) {
                images.put(entry.getKey(), entry.getValue().getDockerImageName());
            }
        }
        return images;
    }

    /** Removes every container, the network and the volumes of this stack. Safe to call twice. */
    @Override
    public void close() {
        helpers.closeAll();
        sidecars.closeAll();
        scaling.closeAll();
        containers.close();
    }

    GenericContainer<?> container(String service) {
        return containers.container(service);
    }
}
