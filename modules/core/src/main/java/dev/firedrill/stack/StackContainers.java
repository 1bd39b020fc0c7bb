package dev.firedrill.stack;

import dev.firedrill.Owner;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.firedrill.Endpoint;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a stack's capabilities share: the Docker client, the network, the containers by service, their mapped
 * ports and the volumes of the run, every one labelled with the run and its owner (docs/stack.md).
 */
final class StackContainers {

    private static final Logger LOG = Logger.getLogger(StackContainers.class.getName());

    final StackDefinition definition;
    final String runId;
    final Owner owner;
    final DockerClient docker;
    final Network network;
    private final LoopVolumes loopVolumes;
    private final Map<String, String> namedVolumes = new LinkedHashMap<>();
    private final Map<String, Path> loopMounts = new LinkedHashMap<>();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Integer>> hostPorts = new HashMap<>();
    private final Map<String, String> deployed = new HashMap<>();
    private boolean closed;

    StackContainers(StackDefinition definition, String runId) {
        this.definition = definition;
        this.runId = runId;
        this.owner = Owner.current();
        this.docker = DockerClientFactory.instance().client();
        this.loopVolumes = LoopVolumes.fromEnvironment();
        this.network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName("firedrill-" + runId).withLabels(labels()))
                .build();
    }

    Map<String, String> labels() {
        return Map.of(Owner.RUN_LABEL, runId, Owner.LABEL, owner.label());
    }

    /** A name for a container of this run: {@code firedrill-<run>-<what>}, with a random suffix when {@code unique}. */
    String containerName(String what, boolean unique) {
        return "firedrill-" + runId + "-" + what + (unique ? "-" + UUID.randomUUID().toString().substring(0, 8) : "");
    }

    /** From now on, {@code service} starts from {@code image} instead of its definition's (a release deployed). */
    synchronized void deploy(String service, String image) {
        deployed.put(service, image);
    }

    /** The image {@code service} starts from: the one a release deployed to it, else its definition's (built if need be). */
    String imageToStart(ServiceDefinition service) {
        return deployed(service.name())
                .orElseGet(() -> service.build().isPresent() ? ContextImages.shared().imageOf(definition, service) : service.image());
    }

    /** The image a release deployed to {@code service}, if one did. */
    synchronized Optional<String> deployed(String service) {
        return Optional.ofNullable(deployed.get(service));
    }

    synchronized void register(String service, GenericContainer<?> container) {
        if (closed) {
            throw new StackException("Stack " + runId + " is closed; cannot start service '" + service + "'");
        }
        containers.put(service, container);
    }

    synchronized Map<String, GenericContainer<?>> all() {
        return new LinkedHashMap<>(containers);
    }

    GenericContainer<?> container(String service) {
        definition.service(service);
        GenericContainer<?> container;
        synchronized (this) {
            container = containers.get(service);
        }
        if (container == null) {
            throw new StackException("Service '" + service + "' is not running in stack " + runId);
        }
        return container;
    }

    InspectContainerResponse inspect(String service) {
        return docker.inspectContainerCmd(container(service).getContainerId()).exec();
    }

    /** Runs a Docker command on the service's container, naming the service and the step when it fails. */
    void act(String service, String step, Consumer<String> action) {
        String id = container(service).getContainerId();
        try {
            action.accept(id);
        } catch (RuntimeException e) {
            throw StackException.of(service, step, e);
        }
    }

    void removeContainer(String service, String id) {
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

    /** The service's own mapped port on the host, bypassing the proxy. */
    Endpoint directEndpoint(String service, int port) {
        GenericContainer<?> container = container(service);
        Map<Integer, Integer> ports;
        synchronized (hostPorts) {
            ports = hostPorts.computeIfAbsent(service, s -> readHostPorts(container));
        }
        Integer hostPort = ports.get(port);
        if (hostPort == null) {
            throw new StackException("Service '" + service + "' has no mapped port " + port
                    + " (is it running? mapped: " + ports.keySet() + ")");
        }
        String host = container.getHost();
        return new Endpoint("localhost".equals(host) ? "127.0.0.1" : host, hostPort);
    }

    /** Host ports change when a container starts again: read them afresh next time. */
    void forgetPorts(String service) {
        synchronized (hostPorts) {
            hostPorts.remove(service);
        }
    }

    private Map<Integer, Integer> readHostPorts(GenericContainer<?> container) {
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

    /** The Docker volume (or loop mount) behind the stack volume {@code name}, created on first use. */
    synchronized String volumeSource(String name) {
        StackDefinition.VolumeDefinition volume = definition.volumes().get(name);
        if (volume.sizeLimitBytes().isPresent()) {
            return loopMounts.computeIfAbsent(name, n -> loopVolumes.create(runId, n, volume.sizeLimitBytes().get(), owner)).toString();
        }
        return namedVolumes.computeIfAbsent(name, n -> docker.createVolumeCmd()
                .withName("firedrill-" + runId + "-" + n).withLabels(labels()).exec().getName());
    }

    /** A volume the harness keeps for this run, created on first use, removed with the stack. */
    synchronized String harnessVolume(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("harness volume name must match [a-z0-9][a-z0-9_.-]*, got '" + name + "'");
        }
        return namedVolumes.computeIfAbsent("harness:" + name, n -> docker.createVolumeCmd()
                .withName("firedrill-" + runId + "-harness-" + name).withLabels(labels()).exec().getName());
    }

    /** Forgets the stack volume {@code name} and returns its Docker volume, when one was created. */
    synchronized Optional<String> dropVolume(String name) {
        return Optional.ofNullable(namedVolumes.remove(name));
    }

    /** Network aliases: the service's name, unless the proxy fronts it and takes the name itself. */
    List<String> aliases(String service) {
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

    /** Removes every container, the network and the volumes. Safe to call twice. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> names = new ArrayList<>(containers.keySet());
        java.util.Collections.reverse(names);
        for (String service : names) {
            quietly("remove container of service '" + service + "'", () -> removeContainer(service, containers.get(service).getContainerId()));
        }
        quietly("remove network of run " + runId, network::close);
        for (String volume : namedVolumes.values()) {
            quietly("remove volume " + volume, () -> docker.removeVolumeCmd(volume).exec());
        }
        for (Path mount : loopMounts.values()) {
            quietly("release size-limited volume " + mount, () -> loopVolumes.release(mount));
        }
    }

    private static void quietly(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not " + step + ": " + e.getMessage());
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
