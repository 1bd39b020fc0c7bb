package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.FaultProxy;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Releases;

import java.time.Duration;

/**
 * Rollback of a release switch: the proxy in front of {@code service} leads to the service itself
 * again, checked by {@code GET /version} naming the service's own release.
 */
record SwitchBack(String service, int port) implements Recovery {

    @Override
    public String name() {
        return "switch back(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.require(FaultProxy.class, name()).route(system.requireService(service, name()), name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        FaultProxy proxy = system.require(FaultProxy.class, name());
        String proxyName = proxy.route(service, name()).proxy();
        String expected = Releases.declared(system, service);
        String before = proxy.upstream(proxyName);
        proxy.repoint(proxyName, service, port);
        String served = Releases.awaitServed(system, service, port, expected, Duration.ofSeconds(10));
        if (!expected.equals(served)) {
            throw new IllegalStateException(name() + ": proxy repointed from " + before + ", but GET /version answers release '"
                    + served + "', expected '" + expected + "'");
        }
        return "proxy '" + proxyName + "' leads to " + proxy.upstream(proxyName) + " again (was " + before + "); release '" + served + "' answers";
    }
}
