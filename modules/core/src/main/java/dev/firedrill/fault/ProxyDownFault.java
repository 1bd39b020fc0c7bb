package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Hard down of one fault-proxy proxy (connections closed, new ones refused); undone by enabling it again. */
record ProxyDownFault(String proxy) implements Fault {

    @Override
    public String name() {
        return "proxy down(" + proxy + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.require(FaultProxy.class, name());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        FaultProxy faultProxy = system.require(FaultProxy.class, name());
        events.willLeave(Leftover.proxyDisabled(faultProxy.api(), proxy));
        events.acting();
        Injection injection = inject(system);
        events.accept(injection);
        return injection;
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        FaultProxy faultProxy = system.require(FaultProxy.class, name());
        faultProxy.setEnabled(proxy, false);
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true)) {
                faultProxy.setEnabled(proxy, true);
            }
        };
    }
}
