package dev.firedrill.capability;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;

import java.util.List;

/**
 * A Toxiproxy-compatible fault proxy in front of some of a system's services: its API (where network faults add
 * their toxics), the proxy in front of each fronted service, and the proxies themselves (added, repointed, disabled).
 */
public interface FaultProxy extends Capability {

    /** Where the harness reaches the proxy's API. */
    Endpoint api();

    /** The service of the system the proxy runs as, when it is one (its other ports are not the system's own). */
    default java.util.Optional<String> hostService() {
        return java.util.Optional.empty();
    }

    /** The services a proxy fronts: the valid targets of network faults. */
    List<String> frontedServices();

    /**
     * The proxy in front of {@code service}; an error saying which services are fronted when none fronts it.
     *
     * @throws IllegalArgumentException when no proxy fronts {@code service}
     */
    Route route(String service, String action);

    /**
     * Adds a proxy {@code name} listening on {@code listenPort} and leading to {@code upstreamService:upstreamPort};
     * returns the address other services use to reach it.
     */
    String addProxy(String name, int listenPort, String upstreamService, int upstreamPort);

    /** Points the proxy {@code name} at {@code service:port}; new connections go there (the runbook's DNS update). */
    void repoint(String name, String service, int port);

    /** The upstream ({@code host:port}) the proxy {@code name} leads to. */
    String upstream(String name);

    /** Enables or disables (hard down: connections closed, new ones refused) the proxy {@code name}. */
    void setEnabled(String name, boolean enabled);

    /** Every proxy enabled and every toxic removed (run between drills). */
    void reset();

    /**
     * The proxy in front of one service.
     *
     * @param proxy    the proxy's name in the API
     * @param service  the service it fronts
     * @param endpoint where the harness reaches the service through it
     * @param protocol the protocol spoken through it: {@code http}, {@code postgres} or {@code redis}
     */
    record Route(String proxy, String service, Endpoint endpoint, String protocol) {
    }
}
