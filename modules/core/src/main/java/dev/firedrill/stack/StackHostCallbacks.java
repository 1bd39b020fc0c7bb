package dev.firedrill.stack;

import com.github.dockerjava.api.model.Network.Ipam;
import dev.firedrill.capability.HostCallbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The stack network's gateway: the host's own address on the network the services share. */
final class StackHostCallbacks implements HostCallbacks {

    private final StackContainers containers;
    private InetAddress gateway;

    StackHostCallbacks(StackContainers containers) {
        this.containers = containers;
    }

    @Override
    public synchronized InetAddress callbackAddress() {
        if (gateway == null) {
            var network = containers.docker.inspectNetworkCmd().withNetworkId(containers.network.getId()).exec();
            String ip = network.getIpam() == null || network.getIpam().getConfig() == null ? null
                    : network.getIpam().getConfig().stream().map(Ipam.Config::getGateway).filter(g -> g != null && !g.isBlank() && !g.contains(":"))
                            .findFirst().orElse(null);
            if (ip == null) {
                throw new StackException("the network of stack " + containers.runId + " names no IPv4 gateway, so its services cannot"
                        + " reach a listener of the harness");
            }
            try {
                gateway = InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new StackException("the gateway '" + ip + "' of stack " + containers.runId + " is not an address", e);
            }
        }
        return gateway;
    }
}
