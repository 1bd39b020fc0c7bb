package dev.firedrill.fault;

import dev.firedrill.access.Releases;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Capability;
import dev.firedrill.capability.FaultProxy;

import java.util.Set;

/**
 * A release switch (blue/green): the fault proxy in front of {@code service} is pointed at
 * {@code release}, another instance of the same service, so clients keep their address and reach the
 * new release. Verified by {@code GET /version} through the proxy naming the new release; the undo
 * points the proxy back at the service itself. Example: {@code Faults.switchRelease("ledger", "ledger-b")}.
 */
public record SwitchReleaseFault(String service, String release, int port) implements Fault {

    @Override
    public String name() {
        return "switch release(" + service + " to " + release + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.require(FaultProxy.class, name()).route(system.requireService(service, name()), name());
        system.requireService(release, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        validate(system);
        FaultProxy proxy = system.require(FaultProxy.class, name());
        String proxyName = proxy.route(service, name()).proxy();
        String original = proxy.upstream(proxyName);
        String expected = Releases.declared(system, release);
        proxy.repoint(proxyName, release, port);
        Injection undo = new Injection() {
            private boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    if (!original.equals(proxy.upstream(proxyName))) {
                        proxy.repoint(proxyName, service, port);
                    }
                    done = true;
                }
            }
        };
        String served;
        try {
            served = Releases.awaitServed(system, service, port, expected, Faults.DEFAULT_VERIFY_WITHIN);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
        if (!expected.equals(served)) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": proxy '" + service + "' repointed, but GET /version through it still answers release '"
                    + served + "' (expected '" + expected + "')");
        }
        return undo;
    }
}
