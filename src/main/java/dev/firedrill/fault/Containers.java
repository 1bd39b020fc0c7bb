package dev.firedrill.fault;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.firedrill.stack.Stack;
import org.testcontainers.DockerClientFactory;

import java.util.Map;
import java.util.Optional;

/** What the engine says about a service's container: paused, attached, started when, mounted where. */
public final class Containers {

    private Containers() {
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    static InspectContainerResponse inspect(Stack stack, String service) {
        return docker().inspectContainerCmd(stack.containerId(service)).exec();
    }

    public static boolean paused(Stack stack, String service) {
        try {
            return Boolean.TRUE.equals(inspect(stack, service).getState().getPaused());
        } catch (NotFoundException e) {
            return false;
        }
    }

    static String startedAt(Stack stack, String service) {
        return String.valueOf(inspect(stack, service).getState().getStartedAt());
    }

    public static boolean onNetwork(Stack stack, String service) {
        Map<String, com.github.dockerjava.api.model.ContainerNetwork> networks = inspect(stack, service).getNetworkSettings().getNetworks();
        if (networks == null) {
            return false;
        }
        String id = stack.networkId();
        return networks.values().stream().anyMatch(n -> id.equals(n.getNetworkID()));
    }

    /** The host directory bind-mounted at {@code target} in the service's container. */
    static Optional<String> hostSource(Stack stack, String service, String target) {
        var mounts = inspect(stack, service).getMounts();
        if (mounts == null) {
            return Optional.empty();
        }
        return mounts.stream()
                .filter(m -> m.getDestination() != null && target.equals(m.getDestination().getPath()))
                .map(InspectContainerResponse.Mount::getSource)
                .findFirst();
    }
}
