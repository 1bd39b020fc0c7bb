package dev.firedrill.stack;

import dev.firedrill.Endpoint;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the fault proxy in front of the services it fronts (docs/stack.md).
 *
 * <p>The proxy container answers to the fronted services' names on the stack network, so clients keep
 * their usual addresses ({@code postgres:5432}); the real services answer as
 * {@code <service>-upstream}. One proxy per fronted port: named after the service for its first port,
 * {@code <service>-<port>} for the others.
 */
final class ProxyWiring {

    static final int API_PORT = 8474;

    private final StackContainers containers;
    private final StackDefinition definition;

    ProxyWiring(StackContainers containers, StackDefinition definition) {
        this.containers = containers;
        this.definition = definition;
    }

    static String upstreamAlias(String service) {
        return service + "-upstream";
    }

    /** The proxy name for a fronted service's port. */
    static String proxyName(ServiceDefinition service, int port) {
        return service.ports().indexOf(port) == 0 ? service.name() : service.name() + "-" + port;
    }

    /** Checks that fronted ports do not collide and that the proxy exposes its API and every fronted port. */
    static void validate(StackDefinition definition) {
        definition.proxy().ifPresent(proxy -> {
            ServiceDefinition proxyService = definition.service(proxy.service());
            if (!proxyService.dependsOn().isEmpty()) {
                throw new StackConfigurationException(definition.origin() + ": 'services." + proxy.service()
                        + ".depends_on' must be empty: the proxy starts first, and clients of the services it fronts depend on those");
            }
            Map<Integer, String> owners = new HashMap<>();
            for (String fronted : proxy.fronts()) {
                for (int port : definition.service(fronted).ports()) {
                    String other = owners.putIfAbsent(port, fronted);
                    if (other != null) {
                        throw new StackConfigurationException(definition.origin() + ": services '" + other + "' and '" + fronted
                                + "' both use port " + port + "; the proxy fronting both needs distinct ports");
                    }
                    if (!proxyService.ports().contains(port)) {
                        throw new StackConfigurationException(definition.origin() + ": 'services." + proxy.service()
                                + ".ports' must include " + port + " (fronted for '" + fronted + "')");
                    }
                }
            }
            if (!proxyService.ports().contains(API_PORT)) {
                throw new StackConfigurationException(definition.origin() + ": 'services." + proxy.service()
                        + ".ports' must include the Toxiproxy API port " + API_PORT);
            }
        });
    }

    void configure() {
        StackDefinition.ProxyDefinition proxy = definition.proxy().orElseThrow();
        Endpoint api = containers.directEndpoint(proxy.service(), API_PORT);
        ToxiproxyClient client = new ToxiproxyClient(api.host(), api.port());
        for (String fronted : proxy.fronts()) {
            ServiceDefinition service = definition.service(fronted);
            for (int port : service.ports()) {
                String name = proxyName(service, port);
                try {
                    client.createProxy(name, "0.0.0.0:" + port, upstreamAlias(fronted) + ":" + port);
                } catch (IOException e) {
                    throw StackException.of(proxy.service(), "create proxy '" + name + "' on", e);
                }
            }
        }
    }

    /** Names of every proxy the stack creates. */
    static List<String> proxyNames(StackDefinition definition) {
        return definition.proxy().map(p -> p.fronts().stream()
                .flatMap(f -> definition.service(f).ports().stream().map(port -> proxyName(definition.service(f), port)))
                .toList()).orElse(List.of());
    }
}
