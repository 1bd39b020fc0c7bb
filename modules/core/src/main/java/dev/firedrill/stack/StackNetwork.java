package dev.firedrill.stack;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.firedrill.capability.Network;

/** The stack's one Docker network: a service disconnected from it (a partition) and connected again under its aliases. */
final class StackNetwork implements Network {

    private final StackContainers containers;

    StackNetwork(StackContainers containers) {
        this.containers = containers;
    }

    @Override
    public void disconnect(String service) {
        containers.act(service, "disconnect from the network", id -> containers.docker.disconnectFromNetworkCmd()
                .withNetworkId(containers.network.getId()).withContainerId(id).withForce(true).exec());
    }

    @Override
    public void reconnect(String service) {
        containers.act(service, "reconnect to the network", id -> containers.docker.connectToNetworkCmd()
                .withNetworkId(containers.network.getId()).withContainerId(id)
                .withContainerNetwork(new ContainerNetwork().withAliases(containers.aliases(service))).exec());
    }

    @Override
    public boolean isAttached(String service) {
        var networks = containers.inspect(service).getNetworkSettings().getNetworks();
        String id = containers.network.getId();
        return networks != null && networks.values().stream().anyMatch(n -> id.equals(n.getNetworkID()));
    }

    /** The service itself on the network, bypassing the fault proxy (the proxy answers to the service's own name). */
    @Override
    public String address(String service) {
        containers.definition.service(service);
        return containers.definition.proxied(service) ? ProxyWiring.upstreamAlias(service) : service;
    }
}
