package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.awaitility.Awaitility.await;

/**
 * A running stack: the services of a {@link StackDefinition} on one Docker network of their own.
 *
 * <p>Every container, network and volume carries the run and owner labels (docs/stack.md);
 * {@link #close()} removes them all, and leftovers of a JVM that died are swept when the next stack
 * starts. Services can be killed, stopped, started again, recreated, paused and cut from the network;
 * host ports are read again after every restart.
 *
 * <pre>{@code
 * try (Stack stack = Stack.start(StackDefinition.load(Path.of("docker-compose.drill.yml")))) {
 *     URI ledger = stack.endpoint("ledger", 8080).httpUri();
 *     stack.kill("ledger");
 *     stack.start("ledger");
 * }
 * }</pre>
 */
public final class Stack implements SystemUnderTest, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Stack.class.getName());
    private static final Duration DEFAULT_READY_BUDGET = Duration.ofSeconds(60);

    private final StackDefinition definition;
    private final String runId;
    private final Owner owner;
    private final DockerClient docker;
    private final LoopVolumes loopVolumes;
    private final Network network;
    private final Map<String, String> namedVolumes = new LinkedHashMap<>();
    private final Map<String, Path> loopMounts = new LinkedHashMap<>();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Integer>> hostPorts = new HashMap<>();
    private volatile boolean closed;

    private Stack(StackDefinition definition, String runId) {
        this.definition = definition;
        this.runId = runId;
        this.owner = Owner.current();
        this.docker = DockerClientFactory.instance().client();
        this.loopVolumes = LoopVolumes.fromEnvironment();
        this.network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName("firedrill-" + runId).withLabels(labels()))
                .build();
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
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** A run id: UTC time plus a random suffix, e.g. {@code 20261122-081500-3fa2}. */
    public static String newRunId() {
        return LocalDateTime.now(java.time.ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    public String runId() {
        return runId;
    }

    public StackDefinition definition() {
        return definition;
    }

    @Override
    public Set<String> services() {
        return definition.services().keySet();
    }

    @Override
    public Map<String, String> environment(String service) {
        return definition.service(service).environment();
    }

    /**
     * Where the harness reaches a service's port: through the fault proxy when it fronts the service,
     * else directly.
     */
    @Override
    public Endpoint endpoint(String service, int port) {
        definition.service(service);
        if (definition.proxied(service)) {
            return directEndpoint(definition.proxy().orElseThrow().service(), port);
        }
        return directEndpoint(service, port);
    }

    /** The service's own mapped port, bypassing the proxy. */
    public Endpoint directEndpoint(String service, int port) {
        GenericContainer<?> container = container(service);
        Map<Integer, Integer> ports = hostPorts.computeIfAbsent(service, s -> readHostPorts(s, container));
        Integer hostPort = ports.get(port);
        if (hostPort == null) {
            throw new StackException("Service '" + service + "' has no mapped port " + port
                    + " (is it running? mapped: " + ports.keySet() + ")");
        }
        return new Endpoint(host(container), hostPort);
    }

    /** The Docker container id of a service. */
    public String containerId(String service) {
        return container(service).getContainerId();
    }

    /** Service name to the id of the image its container runs (for the evidence). */
    public Map<String, String> images() {
        Map<String, String> images = new LinkedHashMap<>();
        for (Map.Entry<String, GenericContainer<?>> entry : containers.entrySet()) {
            try {
                InspectContainerResponse info = docker.inspectContainerCmd(entry.getValue().getContainerId()).exec();
                images.put(entry.getKey(), info.getConfig().getImage() + "@" + info.getImageId());
            } catch (RuntimeException e) {
                images.put(entry.getKey(), entry.getValue().getDockerImageName());
            }
        }
        return images;
    }

    /** The Docker network all services share. */
    public String networkId() {
        return network.getId();
    }

    /** SIGKILL: the process dies at once; the container stays, to be started again. */
    public void kill(String service) {
        act(service, "kill", id -> docker.killContainerCmd(id).withSignal("KILL").exec());
        forgetPorts(service);
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(String service, Duration grace) {
        act(service, "stop", id -> docker.stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec());
        forgetPorts(service);
    }

    /** Starts a stopped or killed service again (same container, same volumes) and waits until it is ready. */
    public void start(String service) {
        act(service, "start", id -> docker.startContainerCmd(id).exec());
        forgetPorts(service);
        awaitReady(service);
    }

    /** Stop (SIGTERM, 10 s grace) and start again. */
    public void restart(String service) {
        stop(service, Duration.ofSeconds(10));
        start(service);
    }

    /** Replaces the service's container with a fresh one from its definition (volumes are kept). */
    public void recreate(String service) {
        GenericContainer<?> old = container(service);
        removeContainer(service, old.getContainerId());
        forgetPorts(service);
        startService(definition.service(service));
    }

    /**
     * The disaster: removes the service's container and the named volumes it mounts, data included.
     * {@link #recreate} starts it again on fresh, empty volumes; {@link #volumeOf} names a fresh volume
     * beforehand so that it can be filled first (a restore).
     */
    public void destroy(String service) {
        GenericContainer<?> old = container(service);
        removeContainer(service, old.getContainerId());
        forgetPorts(service);
        for (VolumeMount mount : definition.service(service).volumes()) {
            if (mount.hostPath() || definition.volumes().get(mount.source()).sizeLimitBytes().isPresent()) {
                continue;
            }
            String volume;
            synchronized (this) {
                volume = namedVolumes.remove(mount.source());
            }
            if (volume != null) {
                try {
                    docker.removeVolumeCmd(volume).exec();
                } catch (NotFoundException gone) {
                    // already removed
                } catch (RuntimeException e) {
                    throw StackException.of(service, "remove volume " + volume + " of", e);
                }
            }
        }
    }

    /**
     * The Docker volume the service mounts at {@code path}; created (empty) when it does not exist yet,
     * e.g. after {@link #destroy}, so that a one-off container can fill it before the service starts.
     */
    public String volumeOf(String service, String path) {
        for (VolumeMount mount : definition.service(service).volumes()) {
            if (mount.target().equals(path) && !mount.hostPath()) {
                return volumeSource(mount.source());
            }
        }
        throw new IllegalArgumentException("Service '" + service + "' mounts no named volume at '" + path + "'; its mounts: "
                + definition.service(service).volumes().stream().map(VolumeMount::target).toList());
    }

    /**
     * A named volume the harness keeps for this run (e.g. {@code backups}), created on first use,
     * labelled like the rest of the stack and removed with it.
     */
    public synchronized String harnessVolume(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("harness volume name must match [a-z0-9][a-z0-9_.-]*, got '" + name + "'");
        }
        return namedVolumes.computeIfAbsent("harness:" + name, n -> docker.createVolumeCmd()
                .withName("firedrill-" + runId + "-harness-" + name).withLabels(labels()).exec().getName());
    }

    /**
     * The host name at which containers on the stack network reach the service itself, bypassing the
     * fault proxy (the proxy answers to the service's own name).
     */
    public String networkAddress(String service) {
        definition.service(service);
        return definition.proxied(service) ? ProxyWiring.upstreamAlias(service) : service;
    }

    /**
     * Adds a proxy named {@code name} to the fault proxy, listening on {@code listenPort} and leading to
     * {@code upstreamService:upstreamPort} itself (e.g. {@code postgres-replication}, through which a
     * replica streams so that the stream can be cut on its own). Returns the address other containers
     * use: {@code <proxy service>:<listenPort>}.
     */
    public String addProxy(String name, int listenPort, String upstreamService, int upstreamPort) {
        String proxyService = proxyService(name);
        try {
            proxyClient().createProxy(name, "0.0.0.0:" + listenPort, networkAddress(upstreamService) + ":" + upstreamPort);
        } catch (IOException e) {
            throw StackException.of(proxyService, "create proxy '" + name + "' on", e);
        }
        return proxyService + ":" + listenPort;
    }

    /** Points the proxy {@code name} at {@code service:port} (the runbook's "update DNS"); new connections go there. */
    public void repointProxy(String name, String service, int port) {
        String proxyService = proxyService(name);
        try {
            proxyClient().getProxy(name).setUpstream(networkAddress(service) + ":" + port);
        } catch (IOException e) {
            throw StackException.of(proxyService, "repoint proxy '" + name + "' to " + service + ":" + port + " on", e);
        }
    }

    /** The upstream ({@code host:port}) the proxy {@code name} leads to. */
    public String proxyUpstream(String name) {
        String proxyService = proxyService(name);
        try {
            return proxyClient().getProxy(name).getUpstream();
        } catch (IOException e) {
            throw StackException.of(proxyService, "read proxy '" + name + "' of", e);
        }
    }

    /** Enables or disables (hard down: connections closed, new ones refused) the proxy {@code name}. */
    public void setProxyEnabled(String name, boolean enabled) {
        String proxyService = proxyService(name);
        try {
            if (enabled) {
                proxyClient().getProxy(name).enable();
            } else {
                proxyClient().getProxy(name).disable();
            }
        } catch (IOException e) {
            throw StackException.of(proxyService, (enabled ? "enable" : "disable") + " proxy '" + name + "' on", e);
        }
    }

    private String proxyService(String name) {
        return definition.proxy().orElseThrow(() -> new StackConfigurationException(definition.source()
                + " declares no fault proxy (x-firedrill.proxy); proxy '" + name + "' needs one")).service();
    }

    private eu.rekawek.toxiproxy.ToxiproxyClient proxyClient() {
        Endpoint api = directEndpoint(definition.proxy().orElseThrow().service(), ProxyWiring.API_PORT);
        return new eu.rekawek.toxiproxy.ToxiproxyClient(api.host(), api.port());
    }

    /** Runs {@code oneOff} to completion in a fresh container of its service's image on the stack network, then removes it. */
    public OneOff.Result runOneOff(OneOff oneOff) {
        String service = oneOff.imageOf();
        String step = "run one-off '" + String.join(" ", oneOff.command()) + "' in the image of";
        String image = container(service).getDockerImageName();
        List<Bind> binds = new ArrayList<>();
        oneOff.volumes().forEach((volume, path) -> binds.add(new Bind(volume, new Volume(path))));
        List<String> env = oneOff.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        String id;
        try {
            var create = docker.createContainerCmd(image)
                    .withName("firedrill-" + runId + "-oneoff-" + UUID.randomUUID().toString().substring(0, 8))
                    .withLabels(labels())
                    .withEnv(env)
                    .withCmd(oneOff.command())
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                            .withNetworkMode(network.getId()).withBinds(binds));
            if (oneOff.user() != null) {
                create.withUser(oneOff.user());
            }
            id = create.exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(service, step, e);
        }
        try {
            docker.startContainerCmd(id).exec();
            Integer code = docker.waitContainerCmd(id).start()
                    .awaitStatusCode(oneOff.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new OneOff.Result(code == null ? -1 : code, oneOffLogs(id));
        } catch (RuntimeException e) {
            String output = "";
            try {
                output = oneOffLogs(id);
            } catch (RuntimeException ignored) {
                // nothing to add
            }
            throw new StackException("Could not " + step + " service '" + service + "' within " + oneOff.timeout() + ": "
                    + e.getMessage() + (output.isBlank() ? "" : "\n--- its output ---\n" + tail(output, 30)), e);
        } finally {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove one-off container " + id + ": " + e.getMessage());
            }
        }
    }

    private String oneOffLogs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    /** docker cp out of the service's container (running or stopped): the bytes of the regular file {@code path}. */
    public byte[] copyFileFrom(String service, String path) {
        String id = containerId(service);
        try {
            return readFile(id, path);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(service, "copy " + path + " out of", e);
        }
    }

    /** docker cp into the service's container (running or stopped): {@code content} becomes the file {@code path}, mode 0644. */
    public void copyFileTo(String service, String path, byte[] content) {
        String id = containerId(service);
        try {
            writeFile(id, path, content);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(service, "copy " + content.length + " bytes to " + path + " in", e);
        }
    }

    /**
     * Writes {@code content} as {@code file} into the harness volume {@code name} ({@link #harnessVolume}):
     * docker cp into a container of {@code imageOf}'s image that mounts the volume and is never started.
     */
    public void writeHarnessFile(String name, String file, byte[] content, String imageOf) {
        withParkedContainer(name, imageOf, "write " + file + " into harness volume '" + name + "' with", id -> {
            writeFile(id, PARKED_MOUNT + "/" + requirePlainName(file), content);
            return null;
        });
    }

    /**
     * The files at the top of the harness volume {@code name} whose names {@code accept}, by name, with their
     * bytes: one docker cp of the volume out of a container that mounts it and is never started.
     */
    public java.util.SortedMap<String, byte[]> readHarnessFiles(String name, java.util.function.Predicate<String> accept, String imageOf) {
        return withParkedContainer(name, imageOf, "read harness volume '" + name + "' with", id -> {
            java.util.SortedMap<String, byte[]> files = new java.util.TreeMap<>();
            try (java.io.InputStream tar = docker.copyArchiveFromContainerCmd(id, PARKED_MOUNT).exec();
                 org.apache.commons.compress.archivers.tar.TarArchiveInputStream entries =
                         new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar)) {
                for (var entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    String path = entry.getName();
                    String file = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
                    if (entry.isFile() && path.indexOf('/', path.indexOf('/') + 1) < 0 && accept.test(file)) {
                        files.put(file, entries.readAllBytes());
                    }
                }
            }
            return files;
        });
    }

    private static final String PARKED_MOUNT = "/harness-volume";

    private interface ContainerAction<T> {
        T apply(String containerId) throws IOException;
    }

    private <T> T withParkedContainer(String volumeName, String imageOf, String step, ContainerAction<T> action) {
        String volume = harnessVolume(volumeName);
        String image = container(imageOf).getDockerImageName();
        String id;
        try {
            id = docker.createContainerCmd(image)
                    .withName("firedrill-" + runId + "-parked-" + UUID.randomUUID().toString().substring(0, 8))
                    .withLabels(labels())
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                            .withBinds(new Bind(volume, new Volume(PARKED_MOUNT))))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(imageOf, step + " the image of", e);
        }
        try {
            return action.apply(id);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(imageOf, step + " the image of", e);
        } finally {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove parked container " + id + ": " + e.getMessage());
            }
        }
    }

    private static String requirePlainName(String file) {
        if (file == null || !file.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
            throw new IllegalArgumentException("a harness file name must match [A-Za-z0-9][A-Za-z0-9_.:-]*, got '" + file + "'");
        }
        return file;
    }

    private byte[] readFile(String containerId, String path) throws IOException {
        try (java.io.InputStream tar = docker.copyArchiveFromContainerCmd(containerId, path).exec();
             org.apache.commons.compress.archivers.tar.TarArchiveInputStream entries =
                     new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry = entries.getNextEntry();
            if (entry == null || !entry.isFile()) {
                throw new IOException(path + " is not a regular file");
            }
            return entries.readAllBytes();
        }
    }

    // The tar format is Testcontainers' own API type (Transferable.transferTo), hence commons-compress.
    private void writeFile(String containerId, String path, byte[] content) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("path must be absolute and name a file, got '" + path + "'");
        }
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(content.length + 2048);
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                     new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(buffer)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry(path.substring(slash + 1));
            entry.setSize(content.length);
            entry.setMode(0100644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        docker.copyArchiveToContainerCmd(containerId).withRemotePath(slash == 0 ? "/" : path.substring(0, slash))
                .withTarInputStream(new java.io.ByteArrayInputStream(buffer.toByteArray())).exec();
    }

    /** Freezes every process of the service (SIGSTOP through the cgroup freezer). */
    public void pause(String service) {
        act(service, "pause", id -> docker.pauseContainerCmd(id).exec());
    }

    public void unpause(String service) {
        act(service, "unpause", id -> docker.unpauseContainerCmd(id).exec());
    }

    /** Cuts the service from the stack network (a partition); {@link #reconnect} heals it. */
    public void disconnect(String service) {
        act(service, "disconnect from the network", id -> docker.disconnectFromNetworkCmd()
                .withNetworkId(network.getId()).withContainerId(id).withForce(true).exec());
    }

    public void reconnect(String service) {
        act(service, "reconnect to the network", id -> docker.connectToNetworkCmd()
                .withNetworkId(network.getId()).withContainerId(id)
                .withContainerNetwork(new ContainerNetwork().withAliases(aliases(service))).exec());
    }

    /** Whether the service's container is running (not killed, stopped or missing). */
    public boolean isRunning(String service) {
        try {
            Boolean running = inspect(service).getState().getRunning();
            return Boolean.TRUE.equals(running);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Runs a command inside the service's container. */
    public ExecResult exec(String service, String... command) {
        try {
            return container(service).execInContainer(command);
        } catch (IOException e) {
            throw StackException.of(service, "run '" + String.join(" ", command) + "' in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.of(service, "run '" + String.join(" ", command) + "' in", e);
        }
    }

    /** Everything the service's container has logged so far (stdout and stderr). */
    public String logs(String service) {
        return container(service).getLogs();
    }

    /** Waits until the service answers: its healthcheck says healthy, or else its ports accept connections. */
    public void awaitReady(String service) {
        ServiceDefinition def = definition.service(service);
        Duration budget = def.healthcheck().map(Healthcheck::budget).orElse(DEFAULT_READY_BUDGET);
        if (def.healthcheck().isPresent()) {
            await("service '" + service + "' healthy").atMost(budget).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> "healthy".equals(healthStatus(service)));
        } else {
            await("service '" + service + "' accepting connections").atMost(budget).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> def.ports().stream().allMatch(port -> accepts(service, port)));
        }
    }

    /** Removes every container, the network and the volumes of this stack. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> names = new ArrayList<>(containers.keySet());
        java.util.Collections.reverse(names);
        for (String service : names) {
            try {
                removeContainer(service, containers.get(service).getContainerId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove container of service '" + service + "': " + e.getMessage());
            }
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove network of run " + runId + ": " + e.getMessage());
        }
        for (String volume : namedVolumes.values()) {
            try {
                docker.removeVolumeCmd(volume).exec();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove volume " + volume + ": " + e.getMessage());
            }
        }
        for (Path mount : loopMounts.values()) {
            try {
                loopVolumes.release(mount);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not release size-limited volume " + mount + ": " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void startAll() {
        boolean proxyWired = definition.proxy().isEmpty();
        for (List<ServiceDefinition> wave : waves()) {
            List<CompletableFuture<Void>> starting = wave.stream()
                    .map(service -> CompletableFuture.runAsync(() -> startService(service)))
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
                new ProxyWiring(this, definition).configure();
            }
        }
    }

    /** Start order in waves whose services start in parallel: each service once its dependencies are up. */
    private List<List<ServiceDefinition>> waves() {
        List<List<ServiceDefinition>> waves = new ArrayList<>();
        Set<String> started = new java.util.HashSet<>();
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

    private void startService(ServiceDefinition service) {
        String image = service.build().isPresent() ? appImage(service) : service.image();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image));
        container.withNetwork(network)
                .withNetworkAliases(aliases(service.name()).toArray(String[]::new))
                .withLabels(labels())
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
            String source = mount.hostPath() ? mount.source() : volumeSource(mount.source());
            binds.add(new Bind(source, new Volume(mount.target()),
                    mount.readOnly() ? com.github.dockerjava.api.model.AccessMode.ro : com.github.dockerjava.api.model.AccessMode.rw));
        }
        Optional<Healthcheck> healthcheck = service.healthcheck();
        container.withCreateContainerCmdModifier(cmd -> {
            cmd.withName("firedrill-" + runId + "-" + service.name());
            cmd.getHostConfig().withBinds(binds);
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
            container.waitingFor(Wait.forHealthcheck().withStartupTimeout(healthcheck.get().budget()));
        } else if (!service.ports().isEmpty()) {
            container.waitingFor(Wait.forListeningPort().withStartupTimeout(DEFAULT_READY_BUDGET));
        }
        synchronized (this) {
            if (closed) {
                throw new StackException("Stack " + runId + " is closed; cannot start service '" + service.name() + "'");
            }
            containers.put(service.name(), container);
        }
        long begin = System.nanoTime();
        try {
            container.start();
            LOG.fine(() -> "service '" + service.name() + "' ready in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            String logs = "";
            try {
                logs = container.getLogs();
            } catch (RuntimeException ignored) {
                // no container to read logs from
            }
            throw new StackException("Could not start service '" + service.name() + "' (image " + image + "): "
                    + e.getMessage() + (logs.isBlank() ? "" : "\n--- last log lines of '" + service.name() + "' ---\n" + tail(logs, 30)), e);
        }
    }

    private String appImage(ServiceDefinition service) {
        String context = service.build().orElseThrow();
        if (context.endsWith("ledger")) {
            return AppImages.shared().ensure(AppImages.LEDGER);
        }
        if (context.endsWith("toxiproxy")) {
            return AppImages.shared().ensure(AppImages.TOXIPROXY);
        }
        throw new StackConfigurationException(definition.source() + ": 'services." + service.name() + ".build' is '" + context
                + "'; Firedrill builds images/ledger and images/toxiproxy itself; build other images beforehand and name them in 'image'");
    }

    private synchronized String volumeSource(String name) {
        StackDefinition.VolumeDefinition volume = definition.volumes().get(name);
        if (volume.sizeLimitBytes().isPresent()) {
            return loopMounts.computeIfAbsent(name, n -> loopVolumes.create(runId, n, volume.sizeLimitBytes().get(), owner)).toString();
        }
        return namedVolumes.computeIfAbsent(name, n -> docker.createVolumeCmd()
                .withName("firedrill-" + runId + "-" + n).withLabels(labels()).exec().getName());
    }

    /** Network aliases: the service's name, unless the proxy fronts it and takes the name itself. */
    private List<String> aliases(String service) {
        Optional<StackDefinition.ProxyDefinition> proxy = definition.proxy();
        if (proxy.isPresent() && proxy.get().service().equals(service)) {
            List<String> names = new ArrayList<>(List.of(service));
            names.addAll(proxy.get().fronts());
            return names;
        }
        if (definition.proxied(service)) {
            return List.of(ProxyWiring.upstreamAlias(service));
        }
        return List.of(service);
    }

    private Map<String, String> labels() {
        return Map.of(Owner.RUN_LABEL, runId, Owner.LABEL, owner.label());
    }

    GenericContainer<?> container(String service) {
        definition.service(service);
        GenericContainer<?> container = containers.get(service);
        if (container == null) {
            throw new StackException("Service '" + service + "' is not running in stack " + runId);
        }
        return container;
    }

    private InspectContainerResponse inspect(String service) {
        return docker.inspectContainerCmd(container(service).getContainerId()).exec();
    }

    private String healthStatus(String service) {
        InspectContainerResponse.ContainerState state = inspect(service).getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new StackException("Service '" + service + "' exited (code " + state.getExitCodeLong()
                    + ") while waiting for it to become ready; last log lines:\n" + tail(logs(service), 30));
        }
        return state.getHealth() == null ? null : state.getHealth().getStatus();
    }

    private boolean accepts(String service, int port) {
        try (Socket socket = new Socket()) {
            Endpoint endpoint = directEndpoint(service, port);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
            return true;
        } catch (IOException | StackException e) {
            forgetPorts(service);
            return false;
        }
    }

    private Map<Integer, Integer> readHostPorts(String service, GenericContainer<?> container) {
        Map<Integer, Integer> mapped = new HashMap<>();
        Ports ports = docker.inspectContainerCmd(container.getContainerId()).exec().getNetworkSettings().getPorts();
        if (ports == null) {
            return mapped;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry : ports.getBindings().entrySet()) {
            if (entry.getValue() != null && entry.getValue().length > 0) {
                mapped.put(entry.getKey().getPort(), Integer.parseInt(entry.getValue()[0].getHostPortSpec()));
            }
        }
        return mapped;
    }

    private void forgetPorts(String service) {
        hostPorts.remove(service);
    }

    private static String host(GenericContainer<?> container) {
        String host = container.getHost();
        return "localhost".equals(host) ? "127.0.0.1" : host;
    }

    private void removeContainer(String service, String id) {
        if (id == null) {
            return;
        }
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            throw StackException.of(service, "remove the container of", e);
        }
    }

    private void act(String service, String step, java.util.function.Consumer<String> action) {
        String id = container(service).getContainerId();
        try {
            action.accept(id);
        } catch (RuntimeException e) {
            throw StackException.of(service, step, e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
