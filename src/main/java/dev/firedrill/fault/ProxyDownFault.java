package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

import java.util.concurrent.atomic.AtomicBoolean;

/** Hard down of one fault-proxy proxy (connections closed, new ones refused); undone by enabling it again. */
record ProxyDownFault(String proxy) implements Fault {

    @Override
    public String name() {
        return "proxy down(" + proxy + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        if (!(system instanceof Stack stack)) {
            throw new IllegalArgumentException(name() + " needs a container stack started by Firedrill; the system under test is "
                    + system.getClass().getSimpleName());
        }
        if (stack.definition().proxy().isEmpty()) {
            throw new IllegalArgumentException(name() + ": " + stack.definition().source()
                    + " declares no fault proxy (x-firedrill.proxy), so there is no proxy '" + proxy + "' to take down");
        }
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        validate(system);
        Stack stack = (Stack) system;
        stack.setProxyEnabled(proxy, false);
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true)) {
                stack.setProxyEnabled(proxy, true);
            }
        };
    }
}
