package dev.firedrill.stack;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.firedrill.Endpoint;
import dev.firedrill.capability.ServiceScaling;
import org.testcontainers.containers.GenericContainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Extra instances of a stack's services ({@link ServiceScaling}): containers {@code firedrill-<run>-<service>-<n>} of the
 * service's definition, labelled with the run like the services (so the sweep removes them should the harness die) and
 * removed with the stack. A service that mounts a stack volume read-write is not scaled: two instances would write the
 * same data files (a database's, say), which Compose would allow and the service would not survive. Nor is the fault proxy.
 */
final class StackScaling implements ServiceScaling {

    private static final Logger LOG = Logger.getLogger(StackScaling.class.getName());

    private final StackContainers containers;
    private final ServiceLauncher launcher;
    /** Per service, its extra instances in order ({@code <service>-2} first). */
    private final Map<String, LinkedHashMap<String, GenericContainer<?>>> extras = new LinkedHashMap<>();

    StackScaling(StackContainers containers, ServiceLauncher launcher) {
        this.containers = containers;
        this.launcher = launcher;
    }

    @Override
    public synchronized List<String> instances(String service) {
        scalable(service);
        List<String> all = new ArrayList<>(List.of(service));
        all.addAll(extras.getOrDefault(service, new LinkedHashMap<>()).keySet());
        return all;
    }

    @Override
    public synchronized List<String> scaleTo(String service, int count) {
        ServiceDefinition definition = scalable(service);
        if (count < 1) {
            throw new IllegalArgumentException("service '" + service + "' cannot be scaled to " + count + " instances: at least 1 (the service itself)");
        }
        LinkedHashMap<String, GenericContainer<?>> own = extras.computeIfAbsent(service, s -> new LinkedHashMap<>());
        while (own.size() + 1 < count) {
            String instance = service + "-" + (own.size() + 2);
            if (containers.definition.services().containsKey(instance)) {
                throw new IllegalArgumentException("cannot scale service '" + service + "' to " + count + ": its instance " + instance
                        + " would take the name of the stack's service " + instance);
            }
            GenericContainer<?> container;
            try {
                container = launcher.startInstance(definition, instance);
            } catch (RuntimeException e) {
                removeQuietly(instance, e);
                throw e;
            }
            own.put(instance, container);
        }
        while (own.size() + 1 > count) {
            String last = new ArrayList<>(own.keySet()).get(own.size() - 1);
            containers.removeContainer(last, own.get(last).getContainerId());
            own.remove(last);
        }
        return instances(service);
    }

    @Override
    public synchronized Optional<String> serviceOf(String instance) {
        if (containers.definition.services().containsKey(instance)) {
            return Optional.of(instance);
        }
        return extras.entrySet().stream().filter(e -> e.getValue().containsKey(instance)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public synchronized String address(String instance) {
        return serviceOf(instance).filter(s -> s.equals(instance)).map(s -> containers.aliases(s).get(0)).orElse(instance);
    }

    @Override
    public Endpoint endpoint(String instance, int port) {
        GenericContainer<?> extra;
        synchronized (this) {
            extra = extras.values().stream().map(m -> m.get(instance)).filter(c -> c != null).findFirst().orElse(null);
        }
        if (extra == null) {
            return containers.directEndpoint(instance, port);
        }
        Ports.Binding[] bindings = containers.docker.inspectContainerCmd(extra.getContainerId()).exec().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new StackException("Instance '" + instance + "' has no mapped port " + port);
        }
        String host = extra.getHost();
        return new Endpoint("localhost".equals(host) ? "127.0.0.1" : host, Integer.parseInt(bindings[0].getHostPortSpec()));
    }

    /** Removes every extra instance; the stack calls it before it removes the services. */
    synchronized void closeAll() {
        extras.forEach((service, own) -> own.forEach((instance, container) -> {
            try {
                containers.removeContainer(instance, container.getContainerId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove instance " + instance + " of stack " + containers.runId + ": " + e.getMessage());
            }
        }));
        extras.clear();
    }

    private ServiceDefinition scalable(String service) {
        if (!containers.definition.startedServices().contains(service)) {
            throw new IllegalArgumentException("'" + service + "' is not a service the stack runs; valid: " + containers.definition.startedServices());
        }
        if (containers.definition.proxy().map(p -> p.service().equals(service)).orElse(false)) {
            throw new IllegalArgumentException("'" + service + "' is the fault proxy, which stands for the network: it is not scaled");
        }
        ServiceDefinition definition = containers.definition.service(service);
        List<String> written = definition.volumes().stream().filter(m -> !m.hostPath() && !m.readOnly()).map(VolumeMount::source).toList();
        if (!written.isEmpty()) {
            throw new IllegalArgumentException("service '" + service + "' mounts the volumes " + written + " read-write: its instances would"
                    + " write the same data, so it is not scaled (scale a stateless service, e.g. an API or a worker)");
        }
        return definition;
    }

    /** A container left by an instance that did not become ready, found by its name. */
    private void removeQuietly(String instance, RuntimeException cause) {
        String name = containers.containerName(instance, false);
        try {
            containers.docker.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
