package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

import java.time.Duration;

/** Restart a service: start it when it is down, stop and start it when it runs. */
record Restart(String service) implements Recovery {

    @Override
    public String name() {
        return "restart(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        boolean wasRunning = stack.isRunning(service);
        if (wasRunning) {
            stack.stop(service, Duration.ofSeconds(10));
        }
        stack.start(service);
        return (wasRunning ? "stopped and started '" : "started '") + service + "'; ready";
    }
}
