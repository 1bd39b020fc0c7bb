package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import eu.rekawek.toxiproxy.Proxy;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The path to a service goes down (docs/fault-proxy.md): the proxy fronting it is disabled, so existing
 * connections are closed and new ones refused. Takes effect when a fresh connection is refused (or, where
 * the engine's port forwarder accepts for it, closed before any answer). Undo enables the proxy again.
 */
record DownFault(String service) implements Fault {

    static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    DownFault {
        Faults.requireService(service, "down");
    }

    @Override
    public String name() {
        return "down(" + service + ")";
    }

    @Override
    public java.util.Set<Class<? extends dev.firedrill.Capability>> requires() {
        return java.util.Set.of(dev.firedrill.capability.FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        ProxyTarget.of(system, name(), service);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        ProxyTarget target = ProxyTarget.of(system, name(), service);
        Proxy proxy = target.proxy(name());
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                try {
                    target.proxy(name()).enable();
                } catch (IOException e) {
                    throw FaultException.of(name(), service, "enable the proxy fronting it again", e);
                }
            }
        };
        try {
            events.willLeave(Leftover.proxyDisabled(target.api(), target.proxyName()));
            events.acting();
            proxy.disable();
        } catch (IOException e) {
            throw FaultException.of(name(), service, "disable the proxy fronting it", e);
        }
        try {
            events.accept(undo);
            Endpoint endpoint = target.endpoint();
            RoundTrip.Protocol protocol = target.protocol();
            AtomicReference<RoundTrip.Result> last = new AtomicReference<>();
            await(name() + ": new connections refused").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> {
                        Faults.requireNotUndone(undone, name());
                        last.set(RoundTrip.once(endpoint, protocol, Duration.ofSeconds(2)));
                        return last.get().refused();
                    });
        } catch (ConditionTimeoutException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": connections to '" + service + "' through the proxy were still accepted "
                    + EFFECT_BOUND + " after disabling it");
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
        return undo;
    }
}
