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
    public Injection inject(SystemUnderTest system) {
        if (!(system instanceof Stack stack)) {
            throw new IllegalArgumentException(name() + " needs a container stack started by Firedrill; the system under test is "
                    + system.getClass().getSimpleName());
        }
        stack.setProxyEnabled(proxy, false);
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true)) {
                stack.setProxyEnabled(proxy, true);
            }
        };
    }
}
