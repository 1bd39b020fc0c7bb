package dev.firedrill.external;

import dev.firedrill.Endpoint;
import dev.firedrill.fault.FaultProxied;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A system Firedrill did not start (external mode): its services are reached at given addresses, and
 * network faults act through a Toxiproxy-compatible API in front of its dependencies; faults and procedures
 * acting through SQL sessions (lock-table, terminate-blockers, ...) act on its PostgreSQL services at their
 * JDBC URL, with the credentials of their environment. Nothing is started, stopped or removed; faults that
 * need a container stack (kill, partition, fill-volume, ...) do not apply and say so before anything is injected. Read from an endpoints file by {@code dev.firedrill.spec.EndpointsFile}.
 *
 * <p>An external service has one address: the port a drill names (8080 for {@code ledger}) is the container
 * port of a Firedrill stack and is not used here.
 *
 * <p>Example: {@code ExternalSystem.of(Optional.of(api), Map.of("web", new Service("web", URI.create("http://127.0.0.1:18080"), Optional.of("web"), Map.of())))}
 *
 * @param faultProxy the Toxiproxy API, when the system has one
 * @param byName     the services, by the name drills use
 */
public record ExternalSystem(Optional<Endpoint> faultProxy, Map<String, Service> byName) implements FaultProxied {

    /**
     * One service: where the harness reaches it (through its proxy when one fronts it), that proxy, its settings,
     * and, for a {@code jdbc:postgresql} service, where the harness's own SQL sessions reach it when not at {@code url}
     * (its admin URL: the server itself, bypassing the proxy, so that a network fault on the proxy does not cut them).
     */
    public record Service(String name, URI url, Optional<String> proxy, Map<String, String> environment, Optional<URI> adminUrl) {
        public Service {
            Objects.requireNonNull(name, "service name must not be null");
            Objects.requireNonNull(url, "service '" + name + "': url must not be null");
            proxy = proxy == null ? Optional.empty() : proxy;
            environment = Map.copyOf(environment);
            adminUrl = adminUrl == null ? Optional.empty() : adminUrl;
            protocolOf(name, url);
            endpointOf(name, url);
            adminUrl.ifPresent(admin -> {
                if (!"postgres".equals(protocolOf(name, url)) || !"postgres".equals(protocolOf(name, admin))) {
                    throw new IllegalArgumentException("service '" + name + "': an admin url is for a PostgreSQL service, where the harness"
                            + " opens SQL sessions: both url and admin url must be jdbc:postgresql://host:port/db, got " + url + " and " + admin);
                }
                endpointOf(name, admin);
            });
        }

        /** A service whose harness sessions, if any, go to {@code url}. */
        public Service(String name, URI url, Optional<String> proxy, Map<String, String> environment) {
            this(name, url, proxy, environment, Optional.empty());
        }

        /** {@code http}, {@code postgres} or {@code redis}, from the URL's scheme. */
        public String protocol() {
            return protocolOf(name, url);
        }

        /** Host and port of the URL. */
        public Endpoint endpoint() {
            return endpointOf(name, url);
        }

        private static String protocolOf(String name, URI url) {
            String scheme = String.valueOf(url.getScheme());
            return switch (scheme) {
                case "http", "https" -> "http";
                case "jdbc" -> {
                    if (!url.getSchemeSpecificPart().startsWith("postgresql:")) {
                        throw new IllegalArgumentException("service '" + name + "': only jdbc:postgresql URLs are supported, got " + url);
                    }
                    yield "postgres";
                }
                case "redis" -> "redis";
                default -> throw new IllegalArgumentException("service '" + name + "': url " + url
                        + " has scheme '" + scheme + "'; valid: http, https, jdbc:postgresql, redis");
            };
        }

        private static Endpoint endpointOf(String name, URI url) {
            URI u = "jdbc".equals(url.getScheme()) ? URI.create(url.getSchemeSpecificPart()) : url;
            if (u.getHost() == null || u.getPort() < 0) {
                throw new IllegalArgumentException("service '" + name + "': url " + url + " must name a host and a port, e.g. http://127.0.0.1:18080");
            }
            return new Endpoint(u.getHost(), u.getPort());
        }
    }

    public ExternalSystem {
        Objects.requireNonNull(faultProxy, "faultProxy must not be null (empty when there is none)");
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("an external system needs at least one service");
        }
    }

    @Override
    public Set<String> services() {
        return byName.keySet();
    }

    private Service service(String name) {
        Service s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("the external system has no service '" + name + "'; its services: " + List.copyOf(byName.keySet()));
        }
        return s;
    }

    /** The service's one address, whatever {@code port} a drill names (see the class comment). */
    @Override
    public Endpoint endpoint(String service, int port) {
        return service(service).endpoint();
    }

    @Override
    public Map<String, String> environment(String service) {
        return service(service).environment();
    }

    @Override
    public Optional<Endpoint> faultProxyApi() {
        return faultProxy;
    }

    @Override
    public Optional<String> proxyFor(String service) {
        Service s = byName.get(service);
        return s == null ? Optional.empty() : s.proxy();
    }

    @Override
    public List<String> proxiedServices() {
        return byName.values().stream().filter(s -> s.proxy().isPresent()).map(Service::name).toList();
    }

    @Override
    public String protocol(String service) {
        return service(service).protocol();
    }

    @Override
    public Endpoint serviceEndpoint(String service) {
        return service(service).endpoint();
    }

    @Override
    public URI url(String service) {
        return service(service).url();
    }

    @Override
    public URI adminUrl(String service) {
        Service s = service(service);
        return s.adminUrl().orElse(s.url());
    }
}
