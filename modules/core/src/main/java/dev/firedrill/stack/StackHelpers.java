package dev.firedrill.stack;

import dev.firedrill.Endpoint;
import dev.firedrill.capability.HelperContainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Helper containers on the stack's network ({@link HelperContainers}): each labelled with the run, reachable by the
 * services as {@code firedrill-<name>} and by the harness through a port mapped on the engine's host; removed when the
 * step closes it, and at the latest with the stack.
 */
final class StackHelpers implements HelperContainers {

    private static final Logger LOG = Logger.getLogger(StackHelpers.class.getName());
    static final Duration READY_BUDGET = Duration.ofSeconds(60);

    private final StackContainers containers;
    private final List<GenericContainer<?>> running = new ArrayList<>();

    StackHelpers(StackContainers containers) {
        this.containers = containers;
    }

    @Override
    public Running start(Helper helper) {
        String image = HelperImages.ensure(containers.docker, helper.repository(), helper.buildContext(), "helper " + helper.name());
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(containers.network)
                .withNetworkAliases(helper.alias())
                .withExposedPorts(helper.port())
                .withLabels(containers.labels())
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containers.containerName("helper-" + helper.name(), true)))
                .waitingFor(Wait.forHttp(helper.readyPath()).forPort(helper.port()).withStartupTimeout(READY_BUDGET));
        synchronized (this) {
            running.add(container);
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            remove(container);
            throw new StackException("Could not start the helper '" + helper.name() + "' (image " + image + ") on stack " + containers.runId
                    + ": " + e.getMessage(), e);
        }
        String host = container.getHost();
        Endpoint endpoint = new Endpoint("localhost".equals(host) ? "127.0.0.1" : host, container.getMappedPort(helper.port()));
        String address = helper.alias() + ":" + helper.port();
        return new Running() {
            @Override
            public String address() {
                return address;
            }

            @Override
            public Endpoint endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                remove(container);
            }
        };
    }

    /** Removes every helper still running; the stack calls it before it removes its network. */
    void closeAll() {
        List<GenericContainer<?>> left;
        synchronized (this) {
            left = new ArrayList<>(running);
        }
        left.forEach(this::remove);
    }

    private void remove(GenericContainer<?> container) {
        synchronized (this) {
            if (!running.remove(container)) {
                return;
            }
        }
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove a helper container of stack " + containers.runId + ": " + e.getMessage());
        }
    }
}
