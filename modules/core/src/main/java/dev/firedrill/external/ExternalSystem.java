package dev.firedrill.external;

import dev.firedrill.Endpoint;
import dev.firedrill.Capability;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.capability.ToxiproxyAdmin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A system Firedrill did not start (external mode): its services are reached at given addresses. It offers the
 * capabilities its endpoints file makes possible: {@link FaultProxy} when a Toxiproxy-compatible API fronts its
 * dependencies (network faults act there), and {@link SqlSessions} when a service is given by a
 * {@code jdbc:postgresql} URL (lock-table, terminate-blockers, ... act there, with the credentials of its
 * environment). Nothing is started, stopped or removed: a fault that needs another capability (kill needs
 * {@code ServiceProcesses}) does not apply and says so before anything is injected. Read from an endpoints file by {@code dev.firedrill.spec.EndpointsFile}.
 *
 * <p>An external service has one address: the port a drill names (8080 for {@code ledger}) is the container
 * port of a Firedrill stack and is not used here.
 *
 * <p>Example: {@code ExternalSystem.of(Optional.of(api), Map.of("web", new Service("web", URI.create("http://127.0.0.1:18080"), Optional.of("web"), Map.of())))}
 *
 * @param faultProxy the Toxiproxy API, when the system has one
 * @param byName     the services, by the name drills use
 */
public record ExternalSystem(Optional<Endpoint> faultProxy, Map<String, Service> byName) implements SystemUnderTest {

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
    public Optional<String> protocol(String service) {
        return Optional.ofNullable(byName.get(service)).map(Service::protocol);
    }

    @Override
    public List<Integer> ports(String service) {
        return List.of(service(service).endpoint().port());
    }

    /** The URL given for {@code service}, where its clients reach it, e.g. {@code jdbc:postgresql://127.0.0.1:15432/ledger}. */
    public URI url(String service) {
        return service(service).url();
    }

    @Override
    public String describe() {
        return "the external system";
    }

    @Override
    public Optional<String> howToOffer(Class<? extends Capability> type) {
        if (type == FaultProxy.class) {
            return Optional.of("give the Toxiproxy API in front of its services as fault-proxy in the endpoints file");
        }
        if (type == SqlSessions.class) {
            return Optional.of("give a PostgreSQL service by its jdbc:postgresql://host:port/db url in the endpoints file");
        }
        return Optional.of("an external system is reached through its endpoints only; drill it in a container stack for this");
    }

    @Override
    public Set<Class<? extends Capability>> capabilities() {
        Set<Class<? extends Capability>> offered = new java.util.LinkedHashSet<>();
        if (faultProxy.isPresent()) {
            offered.add(FaultProxy.class);
        }
        if (!databases().isEmpty()) {
            offered.add(SqlSessions.class);
        }
        return offered;
    }

    @Override
    public <T extends Capability> Optional<T> capability(Class<T> type) {
        if (type == FaultProxy.class && faultProxy.isPresent()) {
            return Optional.of(type.cast(new Proxies()));
        }
        if (type == SqlSessions.class && !databases().isEmpty()) {
            return Optional.of(type.cast(new Sessions()));
        }
        return Optional.empty();
    }

    private List<String> databases() {
        return byName.values().stream().filter(s -> "postgres".equals(s.protocol())).map(Service::name).toList();
    }

    /** The fault proxy the endpoints file names, with the proxy it gives for each service. */
    private final class Proxies implements FaultProxy {

        private final ToxiproxyAdmin admin = new ToxiproxyAdmin(faultProxy.orElseThrow());

        @Override
        public Endpoint api() {
            return faultProxy.orElseThrow();
        }

        @Override
        public List<String> frontedServices() {
            return byName.values().stream().filter(s -> s.proxy().isPresent()).map(Service::name).toList();
        }

        @Override
        public Route route(String service, String action) {
            Service s = service(service);
            if (s.proxy().isEmpty()) {
                throw new IllegalArgumentException(action + " does not apply: no proxy of the fault proxy fronts '" + service
                        + "' (give 'proxy' for it in the endpoints file); valid targets are " + frontedServices());
            }
            return new Route(s.proxy().get(), service, s.endpoint(), s.protocol());
        }

        @Override
        public String addProxy(String name, int listenPort, String upstreamService, int upstreamPort) {
            admin.create(name, "0.0.0.0:" + listenPort, upstreamService + ":" + upstreamPort);
            return api().host() + ":" + listenPort;
        }

        @Override
        public void repoint(String name, String service, int port) {
            admin.repoint(name, service + ":" + port);
        }

        @Override
        public String upstream(String name) {
            return admin.upstream(name);
        }

        @Override
        public void reset() {
            admin.reset();
        }

        @Override
        public void setEnabled(String name, boolean enabled) {
            admin.setEnabled(name, enabled);
        }
    }

    /**
     * SQL sessions to the services given by a {@code jdbc:postgresql} URL: at the admin URL when one is given (the server
     * itself, bypassing its proxy), else at the URL.
     */
    private final class Sessions implements SqlSessions {

        @Override
        public List<String> databases() {
            return ExternalSystem.this.databases();
        }

        @Override
        public String directUrl(String service) {
            Service s = service(requireDatabase(service, "an SQL session"));
            return s.adminUrl().orElse(s.url()).toString();
        }

        @Override
        public String clientUrl(String service, int port) {
            return service(requireDatabase(service, "a client session")).url().toString();
        }

        @Override
        public Map<String, String> credentials(String service) {
            return service(service).environment();
        }
    }
}
