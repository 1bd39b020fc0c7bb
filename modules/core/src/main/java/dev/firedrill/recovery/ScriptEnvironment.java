package dev.firedrill.recovery;

import dev.firedrill.capability.FaultProxy;


import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.report.Secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables a runbook script gets, describing the stack (README "Runbook scripts"):
 *
 * <ul>
 *   <li>per service {@code NAME}: {@code NAME_HOST}, {@code NAME_PORT} (its first port) and
 *       {@code NAME_PORT_<port>} for each port; {@code NAME_URL} ({@code http://host:port}) when it has port 8080
 *       (e.g. {@code LEDGER_URL}); the name upper-cased, other characters than letters and digits as {@code _};</li>
 *   <li>PostgreSQL ({@code postgres}, else the first service with port 5432): {@code PGHOST}, {@code PGPORT},
 *       {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE} from its {@code POSTGRES_*} settings;</li>
 *   <li>Redis ({@code redis}, else the first service with port 6379): {@code REDIS_HOST}, {@code REDIS_PORT};</li>
 *   <li>{@code FIREDRILL_SERVICES} (names, space-separated), {@code FIREDRILL_WHERE} ({@code host} or the service),
 *       {@code FIREDRILL_RUN_ID} for a stack.</li>
 * </ul>
 *
 * Inside a container, hosts are service names and ports the services' own (the fault proxy answers to a
 * fronted service's name); on the host, {@code 127.0.0.1} and the mapped ports. The fault proxy itself
 * is described only by its API port. A port that cannot be reached from the host right now (a service
 * that is down and not fronted by the proxy) is left out.
 */
final class ScriptEnvironment {

    private static final List<Integer> KNOWN_PORTS = List.of(5432, 6379, 8080, 8443);

    private ScriptEnvironment() {
    }

    /** The variables for a script run inside {@code container}, or on the host when it is null. */
    static Map<String, String> of(SystemUnderTest system, String container) {
        Map<String, String> env = new LinkedHashMap<>();
        Optional<String> proxy = system.capability(FaultProxy.class).flatMap(FaultProxy::hostService);
        List<String> described = new ArrayList<>();
        Map<String, List<Integer>> portsByService = new LinkedHashMap<>();
        for (String service : system.services()) {
            List<Integer> ports = ports(system, service);
            if (proxy.isPresent() && proxy.get().equals(service)) {
                ports = ports.contains(8474) ? List.of(8474) : List.of();
            }
            portsByService.put(service, ports);
            String prefix = variableName(service);
            boolean first = true;
            for (int port : ports) {
                Optional<Endpoint> at = address(system, service, port, container);
                if (at.isEmpty()) {
                    continue;
                }
                if (first) {
                    env.put(prefix + "_HOST", at.get().host());
                    env.put(prefix + "_PORT", Integer.toString(at.get().port()));
                    first = false;
                }
                env.put(prefix + "_PORT_" + port, Integer.toString(at.get().port()));
                if (port == 8080) {
                    env.put(prefix + "_URL", "http://" + at.get().host() + ":" + at.get().port());
                }
            }
            described.add(service);
        }
        pick(portsByService, proxy, "postgres", 5432).ifPresent(pg -> address(system, pg, 5432, container).ifPresent(at -> {
            Map<String, String> settings = system.environment(pg);
            String user = settings.getOrDefault("POSTGRES_USER", "postgres");
            env.put("PGHOST", at.host());
            env.put("PGPORT", Integer.toString(at.port()));
            env.put("PGUSER", user);
            env.put("PGPASSWORD", settings.getOrDefault("POSTGRES_PASSWORD", ""));
            env.put("PGDATABASE", settings.getOrDefault("POSTGRES_DB", user));
        }));
        pick(portsByService, proxy, "redis", 6379).ifPresent(redis -> address(system, redis, 6379, container).ifPresent(at -> {
            env.put("REDIS_HOST", at.host());
            env.put("REDIS_PORT", Integer.toString(at.port()));
        }));
        env.put("FIREDRILL_SERVICES", String.join(" ", described));
        env.put("FIREDRILL_WHERE", container == null ? "host" : container);
        system.startedByRun().ifPresent(id -> env.put("FIREDRILL_RUN_ID", id));
        return env;
    }

    /** Every value that must not appear in a report: secret-named settings of every service, and of {@code extra}. */
    static Set<String> secrets(SystemUnderTest system, Map<String, String> extra) {
        Set<String> values = new LinkedHashSet<>();
        for (String service : system.services()) {
            values.addAll(Secrets.valuesOf(system.environment(service)));
        }
        values.addAll(Secrets.valuesOf(extra));
        return values;
    }

    /** {@code postgres-replica} → {@code POSTGRES_REPLICA}. */
    static String variableName(String service) {
        return service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static List<Integer> ports(SystemUnderTest system, String service) {
        if (!system.ports(service).isEmpty()) {
            return system.ports(service);
        }
        List<Integer> known = new ArrayList<>();
        for (int port : KNOWN_PORTS) {
            try {
                system.endpoint(service, port);
                known.add(port);
            } catch (RuntimeException e) {
                // the system gives no endpoint for this port
            }
        }
        return known;
    }

    private static Optional<Endpoint> address(SystemUnderTest system, String service, int port, String container) {
        if (container != null) {
            return Optional.of(new Endpoint(service, port));
        }
        try {
            Endpoint at = system.endpoint(service, port);
            return Optional.of("localhost".equals(at.host()) ? new Endpoint("127.0.0.1", at.port()) : at);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> pick(Map<String, List<Integer>> ports, Optional<String> proxy, String preferred, int port) {
        if (ports.containsKey(preferred) && ports.get(preferred).contains(port)) {
            return Optional.of(preferred);
        }
        return ports.entrySet().stream()
                .filter(e -> proxy.map(p -> !p.equals(e.getKey())).orElse(true) && e.getValue().contains(port))
                .map(Map.Entry::getKey).findFirst();
    }
}
