package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

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
    public Injection inject(SystemUnderTest system) {
        Stack stack = Targets.proxied(system, name(), service);
        stack.definition().service(release);
        String original = stack.proxyUpstream(service);
        String expected = Releases.declared(stack, release);
        stack.repointProxy(service, release, port);
        Injection undo = new Injection() {
            private boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    if (!original.equals(stack.proxyUpstream(service))) {
                        stack.repointProxy(service, service, port);
                    }
                    done = true;
                }
            }
        };
        String served;
        try {
            served = Releases.awaitServed(stack, service, port, expected, Faults.DEFAULT_VERIFY_WITHIN);
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
