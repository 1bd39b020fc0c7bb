package dev.firedrill.journal;

import dev.firedrill.Leftover;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The leftovers on each fault proxy, held there as a lease (the proxy's {@code /leases} API, Firedrill's extension): put
 * again every third of the TTL while any is outstanding, ended when none is. A JVM that dies stops renewing, and the
 * proxy undoes them itself within the TTL. A proxy without leases (the official Toxiproxy answers 404) is noted once;
 * there the journal alone undoes them, at the next start.
 */
final class ProxyLeases {

    private static final Logger LOG = Logger.getLogger(ProxyLeases.class.getName());

    private final String id;
    private final Duration ttl;
    private final Map<String, List<Leftover>> held = new LinkedHashMap<>();
    private final Set<String> withoutLeases = new HashSet<>();
    private ScheduledExecutorService renewer;

    ProxyLeases(String id, Duration ttl) {
        this.id = id;
        this.ttl = ttl;
    }

    /** Holds exactly the proxy leftovers among {@code outstanding}, per proxy API. */
    synchronized void hold(List<Leftover> outstanding) {
        Map<String, List<Leftover>> byApi = outstanding.stream().filter(l -> l.api() != null)
                .collect(Collectors.groupingBy(Leftover::api, LinkedHashMap::new, Collectors.toList()));
        for (String api : List.copyOf(held.keySet())) {
            if (!byApi.containsKey(api)) {
                held.remove(api);
                drop(api);
            }
        }
        held.putAll(byApi);
        renew();
        if (!held.isEmpty() && renewer == null) {
            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "firedrill-leases");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(100, ttl.toMillis() / 3);
            renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void renew() {
        for (Map.Entry<String, List<Leftover>> e : held.entrySet()) {
            if (withoutLeases.contains(e.getKey())) {
                continue;
            }
            try {
                if (!ProxyCalls.putLease(e.getKey(), id, ttl, e.getValue())) {
                    withoutLeases.add(e.getKey());
                    LOG.info("the fault proxy at " + e.getKey() + " has no leases (the official Toxiproxy): if this JVM dies, the next"
                            + " start undoes its faults there from the fault journal");
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warning("could not renew the lease at " + e.getKey() + ": " + ex.getMessage() + "; the fault journal still holds its faults");
            }
        }
    }

    private void drop(String api) {
        if (withoutLeases.contains(api)) {
            return;
        }
        try {
            ProxyCalls.dropLease(api, id);
        } catch (IOException | RuntimeException e) {
            LOG.warning("could not end the lease at " + api + ": " + e.getMessage());
        }
    }

    /** Ends every lease (the harness undid its faults itself) and the renewals. */
    synchronized void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        for (String api : held.keySet()) {
            drop(api);
        }
        held.clear();
    }
}
