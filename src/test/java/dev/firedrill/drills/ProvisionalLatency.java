package dev.firedrill.drills;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.io.IOException;
import java.time.Duration;

/**
 * PROVISIONAL, to be replaced by the catalogue fault {@code Faults.latency(service, latency).jitter(jitter)}
 * (being written in parallel; same call shape, so the replacement is one import): a latency toxic on the
 * answers of {@code service}'s proxy, removed on close.
 */
record ProvisionalLatency(String service, Duration latency, Duration jitter) implements Fault {

    private static final String TOXIC = "firedrill-provisional-latency";

    static ProvisionalLatency latency(String service, Duration latency) {
        return new ProvisionalLatency(service, latency, Duration.ZERO);
    }

    ProvisionalLatency jitter(Duration jitter) {
        return new ProvisionalLatency(service, latency, jitter);
    }

    @Override
    public String name() {
        return "latency(" + service + ", " + latency.toMillis() + " ms ± " + jitter.toMillis() + " ms)";
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        Stack stack = (Stack) system;
        String proxyService = stack.definition().proxy().orElseThrow(() -> new IllegalArgumentException(
                "latency(" + service + ") needs the stack's fault proxy; the stack has none")).service();
        var api = stack.directEndpoint(proxyService, 8474);
        Proxy proxy;
        try {
            proxy = new ToxiproxyClient(api.host(), api.port()).getProxy(service);
            proxy.toxics().latency(TOXIC, ToxicDirection.DOWNSTREAM, latency.toMillis()).setJitter(jitter.toMillis());
            boolean present = proxy.toxics().getAll().stream().anyMatch(t -> t.getName().equals(TOXIC));
            if (!present) {
                throw new FaultNotEffectiveException(name() + ": the proxy does not list the toxic after adding it");
            }
        } catch (IOException e) {
            throw new FaultNotEffectiveException(name() + ": the fault proxy at " + api + " refused the toxic: " + e.getMessage(), e);
        }
        Proxy added = proxy;
        return () -> {
            try {
                if (added.toxics().getAll().stream().anyMatch(t -> t.getName().equals(TOXIC))) {
                    added.toxics().get(TOXIC).remove();
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not remove " + name() + " from the fault proxy: " + e.getMessage(), e);
            }
        };
    }
}
