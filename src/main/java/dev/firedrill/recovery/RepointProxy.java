package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

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
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), target);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), target);
        try {
            String before = stack.proxyUpstream(proxy);
            stack.repointProxy(proxy, target, port);
            return "proxy '" + proxy + "' now leads to " + stack.proxyUpstream(proxy) + " (was " + before + ")";
        } catch (RuntimeException e) {
            throw new IllegalStateException(name() + ": step 'set the upstream' failed: " + e.getMessage(), e);
        }
    }
}
