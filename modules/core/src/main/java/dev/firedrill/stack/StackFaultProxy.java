package dev.firedrill.stack;

import dev.firedrill.Endpoint;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.ToxiproxyAdmin;

import java.util.List;

/**
 * The stack's fault proxy (the service {@code x-firedrill.proxy} names): one proxy per fronted service and port,
 * created when the stack starts; more added, repointed or disabled by drills. Upstreams are addresses on the stack
 * network, the service itself bypassing the proxy.
 */
final class StackFaultProxy implements FaultProxy {

    private final StackContainers containers;
    private final StackNetwork network;
    private final StackDefinition.ProxyDefinition proxy;

    StackFaultProxy(StackContainers containers, StackNetwork network) {
        this.containers = containers;
        this.network = network;
        this.proxy = containers.definition.proxy().orElseThrow();
    }

    @Override
    public Endpoint api() {
        return containers.directEndpoint(proxy.service(), ProxyWiring.API_PORT);
    }

    @Override
    public java.util.Optional<String> hostService() {
        return java.util.Optional.of(proxy.service());
    }

    @Override
    public List<String> frontedServices() {
        return proxy.fronts();
    }

    @Override
    public Route route(String service, String action) {
        StackDefinition definition = containers.definition;
        definition.service(service);
        if (!definition.proxied(service)) {
            throw new IllegalArgumentException(action + ": the fault proxy does not front service '" + service + "'; valid targets are "
                    + proxy.fronts());
        }
        ServiceDefinition def = definition.service(service);
        int port = def.ports().get(0);
        return new Route(ProxyWiring.proxyName(def, port), service, containers.directEndpoint(proxy.service(), port),
                ServiceKinds.protocol(definition, service).orElse("http"));
    }

    /** Returns the address other containers use: {@code <proxy service>:<listenPort>}. */
    @Override
    public String addProxy(String name, int listenPort, String upstreamService, int upstreamPort) {
        admin().create(name, "0.0.0.0:" + listenPort, network.address(upstreamService) + ":" + upstreamPort);
        return proxy.service() + ":" + listenPort;
    }

    @Override
    public void repoint(String name, String service, int port) {
        admin().repoint(name, network.address(service) + ":" + port);
    }

    @Override
    public String upstream(String name) {
        return admin().upstream(name);
    }

    @Override
    public void reset() {
        admin().reset();
    }

    @Override
    public void setEnabled(String name, boolean enabled) {
        admin().setEnabled(name, enabled);
    }

    private ToxiproxyAdmin admin() {
        return new ToxiproxyAdmin(api());
    }
}
