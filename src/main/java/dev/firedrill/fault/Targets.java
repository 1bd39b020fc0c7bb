package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.ServiceDefinition;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import dev.firedrill.stack.VolumeMount;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that a fault or recovery can act on the system and service it names, before anything happens.
 *
 * <p>Applicability is read from the stack definition: a PostgreSQL service runs an image of the
 * {@code postgres} repository (or {@code firedrill/postgres}) or publishes 5432; a Redis service likewise
 * with {@code redis} and 6379. The fault proxy itself is never such a service, though it publishes their ports.
 */
public final class Targets {

    private Targets() {
    }

    /**
     * The faults that act only through SQL sessions, as drill files name them (they apply to an external PostgreSQL
     * service too).
     */
    public static final List<String> SQL_FAULTS = List.of("lock-table", "long-query", "idle-sessions", "idle-in-transaction",
            "exhaust-connections", "bad-migration", "pause-replay");
    /** The recovery procedures that act only through SQL sessions. */
    public static final List<String> SQL_PROCEDURES = List.of("terminate-blockers", "terminate-idle-sessions");
    /** The faults that act through a Toxiproxy API in front of the target. */
    public static final List<String> NETWORK_FAULTS = List.of("latency", "bandwidth", "blackhole", "down", "reset-peer",
            "slow-close", "slicing", "data-limit");

    /** The container stack, or a configuration error saying the action needs one (and, on an external system, what applies there). */
    public static Stack stack(SystemUnderTest system, String action, String service) {
        if (system instanceof FaultProxied external && !(system instanceof Stack)) {
            throw new IllegalArgumentException(action + " does not apply to an external system: it needs a container stack started by Firedrill"
                    + " to act on '" + service + "'; on this external system " + applicable(external));
        }
        if (!(system instanceof Stack stack)) {
            throw new IllegalArgumentException(action + " needs a container stack started by Firedrill; the system under test is "
                    + system.getClass().getSimpleName() + ", which cannot " + action.replaceAll("\\(.*", "") + " '" + service + "'");
        }
        stack.definition().service(service);   // unknown service: an error listing the valid ones
        return stack;
    }

    /**
     * What applies on an external system: network faults through its fault proxy on the services a proxy fronts,
     * and the faults and procedures acting through SQL sessions on its PostgreSQL services.
     */
    static String applicable(FaultProxied external) {
        List<String> postgres = postgresServices(external);
        return "only network faults through its fault proxy apply (" + String.join(", ", NETWORK_FAULTS) + "), on "
                + (external.faultProxyApi().isEmpty() ? "none here (no fault proxy is given)" : external.proxiedServices().toString())
                + ", and the faults and procedures acting through SQL sessions (" + String.join(", ", SQL_FAULTS) + "; "
                + String.join(", ", SQL_PROCEDURES) + "), on " + (postgres.isEmpty()
                ? "none here (no service has a jdbc:postgresql url)" : postgres.toString());
    }

    private static List<String> postgresServices(FaultProxied external) {
        return external.services().stream().filter(s -> "postgres".equals(external.protocol(s))).toList();
    }

    /**
     * The system, when {@code service} is a PostgreSQL service the harness can open SQL sessions to: a stack's
     * PostgreSQL service, or an external system's service given by a {@code jdbc:postgresql} URL; otherwise an
     * error listing the PostgreSQL services. Only actions that act through SQL sessions ({@link Postgres}) use it.
     */
    public static SystemUnderTest postgres(SystemUnderTest system, String action, String service) {
        if (system instanceof FaultProxied external && !(system instanceof Stack)) {
            if (!external.services().contains(service)) {
                throw new IllegalArgumentException(action + ": the external system has no service '" + service + "'; its services: "
                        + external.services().stream().sorted().toList() + "; " + action + " applies to " + describe(postgresServices(external)));
            }
            if (!"postgres".equals(external.protocol(service))) {
                throw new IllegalArgumentException(action + " applies to a PostgreSQL service (a jdbc:postgresql://host:port/db url in the"
                        + " endpoints file); '" + service + "' is " + external.protocol(service) + " at " + external.url(service)
                        + "; valid targets are " + describe(postgresServices(external)));
            }
            return system;
        }
        Stack stack = stack(system, action, service);
        requireKind(stack.definition(), action, service, Kind.POSTGRES);
        return stack;
    }

    private static String describe(List<String> postgres) {
        return postgres.isEmpty() ? "none here (no service has a jdbc:postgresql url)" : postgres.toString();
    }

    /** The stack, when {@code service} is a Redis service; otherwise an error listing the Redis services. */
    public static Stack redis(SystemUnderTest system, String action, String service) {
        Stack stack = stack(system, action, service);
        requireKind(stack.definition(), action, service, Kind.REDIS);
        return stack;
    }

    /** The stack, when the fault proxy fronts {@code service}; otherwise an error listing the fronted services. */
    public static Stack proxied(SystemUnderTest system, String action, String service) {
        Stack stack = stack(system, action, service);
        StackDefinition definition = stack.definition();
        if (!definition.proxied(service)) {
            List<String> fronted = definition.proxy().map(StackDefinition.ProxyDefinition::fronts).orElse(List.of());
            throw new IllegalArgumentException(action + ": the fault proxy does not front service '" + service + "'"
                    + (fronted.isEmpty() ? "; this stack has no fault proxy (declare x-firedrill.proxy in " + definition.source() + ")"
                    : "; valid targets are " + fronted));
        }
        return stack;
    }

    /**
     * The proxy in front of {@code service}: the stack's fault proxy, or an external system's Toxiproxy API;
     * otherwise an error saying why the network fault does not apply and which targets would.
     */
    static ProxyTarget proxyTarget(SystemUnderTest system, String action, String service) {
        if (system instanceof Stack) {
            Stack stack = proxied(system, action, service);
            String proxyService = stack.definition().proxy().orElseThrow().service();
            return new ProxyTarget(stack.directEndpoint(proxyService, ProxyControl.API_PORT), service, service,
                    stack.endpoint(service, stack.definition().service(service).ports().get(0)), RoundTrip.protocolOf(stack.definition(), service));
        }
        if (system instanceof FaultProxied external) {
            if (external.faultProxyApi().isEmpty()) {
                throw new IllegalArgumentException(action + " does not apply: the external system has no fault proxy"
                        + " (give its Toxiproxy API as 'fault-proxy' in the endpoints file), so nothing can act on the path to '" + service + "'");
            }
            if (!external.services().contains(service)) {
                throw new IllegalArgumentException(action + ": the external system has no service '" + service + "'; its services: "
                        + external.services().stream().sorted().toList());
            }
            Optional<String> proxy = external.proxyFor(service);
            if (proxy.isEmpty()) {
                throw new IllegalArgumentException(action + " does not apply: no proxy of the fault proxy fronts '" + service
                        + "' (give 'proxy' for it in the endpoints file); valid targets are " + external.proxiedServices());
            }
            RoundTrip.Protocol protocol = RoundTrip.Protocol.valueOf(external.protocol(service).toUpperCase(Locale.ROOT));
            return new ProxyTarget(external.faultProxyApi().get(), proxy.get(), service, external.serviceEndpoint(service), protocol);
        }
        throw new IllegalArgumentException(action + " needs a container stack started by Firedrill, or an external system with a Toxiproxy API"
                + " in front of '" + service + "'; the system under test is " + system.getClass().getName() + ", which has neither");
    }

    /** The size-limited volume mounted into {@code service}, or an error listing services that have one. */
    public static VolumeMount sizeLimitedVolume(StackDefinition definition, String action, String service) {
        ServiceDefinition def = definition.service(service);
        Optional<VolumeMount> mount = def.volumes().stream()
                .filter(m -> !m.hostPath() && isSizeLimited(definition, m.source()))
                .findFirst();
        if (mount.isPresent()) {
            return mount.get();
        }
        List<String> valid = definition.services().values().stream()
                .filter(s -> s.volumes().stream().anyMatch(m -> !m.hostPath() && isSizeLimited(definition, m.source())))
                .map(ServiceDefinition::name)
                .toList();
        List<String> volumes = def.volumes().stream().map(VolumeMount::source).toList();
        throw new IllegalArgumentException(action + ": service '" + service + "' has no size-limited volume (its volumes: "
                + (volumes.isEmpty() ? "none" : volumes) + "); "
                + (valid.isEmpty() ? "no service of " + definition.source() + " has one: declare one under x-firedrill.volumes.<name>.size (docs/stack.md)"
                : "valid targets are " + valid));
    }

    private static boolean isSizeLimited(StackDefinition definition, String volume) {
        StackDefinition.VolumeDefinition v = definition.volumes().get(volume);
        return v != null && v.sizeLimitBytes().isPresent();
    }

    enum Kind {
        POSTGRES("PostgreSQL", List.of("postgres", "firedrill/postgres"), 5432),
        REDIS("Redis", List.of("redis", "firedrill/redis"), 6379);

        final String title;
        final List<String> repositories;
        final int port;

        Kind(String title, List<String> repositories, int port) {
            this.title = title;
            this.repositories = repositories;
            this.port = port;
        }
    }

    static void requireKind(StackDefinition definition, String action, String service, Kind kind) {
        if (is(definition, definition.service(service), kind)) {
            return;
        }
        List<String> valid = definition.services().values().stream().filter(s -> is(definition, s, kind))
                .map(ServiceDefinition::name).toList();
        ServiceDefinition def = definition.service(service);
        throw new IllegalArgumentException(action + " applies to a " + kind.title + " service; '" + service + "' is "
                + (def.image() == null ? "built from " + def.build().orElse("?") : "image " + def.image())
                + "; valid targets are " + (valid.isEmpty() ? "none in " + definition.source() : valid.toString()));
    }

    static boolean is(StackDefinition definition, ServiceDefinition service, Kind kind) {
        if (definition.proxy().map(p -> p.service().equals(service.name())).orElse(false)) {
            return false;
        }
        String repository = repository(service.image());
        if (kind.repositories.contains(repository)) {
            return true;
        }
        boolean otherKind = java.util.Arrays.stream(Kind.values())
                .anyMatch(other -> other != kind && other.repositories.contains(repository));
        return !otherKind && service.build().isEmpty() && service.ports().contains(kind.port);
    }

    /** {@code docker.io/library/postgres:15} → {@code postgres}; {@code firedrill/postgres:15} → {@code firedrill/postgres}. */
    static String repository(String image) {
        if (image == null) {
            return "";
        }
        String name = image.toLowerCase(Locale.ROOT);
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        String[] parts = name.split("/");
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            name = name.substring(parts[0].length() + 1);
        }
        if (name.startsWith("library/")) {
            name = name.substring("library/".length());
        }
        return name;
    }
}
