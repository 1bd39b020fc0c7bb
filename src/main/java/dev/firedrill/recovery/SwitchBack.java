package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Releases;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

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
    public void validate(SystemUnderTest system) {
        Targets.proxied(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.proxied(system, name(), service);
        String expected = Releases.declared(stack, service);
        String before = stack.proxyUpstream(service);
        stack.repointProxy(service, service, port);
        String served = Releases.awaitServed(stack, service, port, expected, Duration.ofSeconds(10));
        if (!expected.equals(served)) {
            throw new IllegalStateException(name() + ": proxy repointed from " + before + ", but GET /version answers release '"
                    + served + "', expected '" + expected + "'");
        }
        return "proxy '" + service + "' leads to " + stack.proxyUpstream(service) + " again (was " + before + "); release '" + served + "' answers";
    }
}
