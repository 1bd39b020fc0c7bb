package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceProcesses;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.time.Duration;

/** Restart a service: start it when it is down, stop and start it when it runs. */
record Restart(String service) implements Recovery {

    @Override
    public String name() {
        return "restart(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(ServiceProcesses.class, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        ServiceProcesses processes = system.require(ServiceProcesses.class, name());
        boolean wasRunning = processes.isRunning(service);
        if (wasRunning) {
            processes.stop(service, Duration.ofSeconds(10));
        }
        processes.start(service);
        return (wasRunning ? "stopped and started '" : "started '") + service + "'; ready";
    }
}
