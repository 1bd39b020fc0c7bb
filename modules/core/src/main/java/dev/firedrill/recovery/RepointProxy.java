package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.FaultProxy;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

/**
 * Point the fault proxy {@code proxy} (named after the service clients use) at {@code target}: the
 * runbook's "update DNS". Existing connections stay where they are; new ones reach {@code target}.
 */
record RepointProxy(String proxy, String target, int port) implements Recovery {

    @Override
    public String name() {
        return "repoint(" + proxy + " to " + target + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(target, name());
        system.require(FaultProxy.class, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        FaultProxy faultProxy = system.require(FaultProxy.class, name());
        try {
            String before = faultProxy.upstream(proxy);
            faultProxy.repoint(proxy, target, port);
            return "proxy '" + proxy + "' now leads to " + faultProxy.upstream(proxy) + " (was " + before + ")";
        } catch (RuntimeException e) {
            throw new IllegalStateException(name() + ": step 'set the upstream' failed: " + e.getMessage(), e);
        }
    }
}
