package dev.firedrill.stack;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.firedrill.Leftover;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.Network;

import java.util.List;

/**
 * The stack's one Docker network: a service disconnected from it (a partition) and connected again under its aliases,
 * or cut from some peers only ({@link StackLinkCuts}).
 */
final class StackNetwork implements Network {

    private final StackContainers containers;
    private final StackLinkCuts links;

    StackNetwork(StackContainers containers, ContainerOneOffs oneOffs) {
        this.containers = containers;
        this.links = new StackLinkCuts(containers, oneOffs);
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

    @Override
    public void prepareCut(LinkCut cut) {
        links.prepare(cut);
    }

    @Override
    public void cut(LinkCut cut, Runnable acting) {
        links.cut(cut, acting);
    }

    @Override
    public void restore(LinkCut cut) {
        links.restore(cut);
    }

    @Override
    public List<LinkCut> cuts(String service) {
        return links.cuts(service);
    }

    @Override
    public Leftover leftover(LinkCut cut) {
        return links.leftover(cut);
    }
}
