package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.util.Objects;
import java.util.Set;

/** {@code fault}, whose acting is the drill's disruption although faults follow it ({@link Fault#marksDisruption()}). */
record DisruptionMark(Fault fault) implements Fault {

    DisruptionMark {
        Objects.requireNonNull(fault, "Faults.markingDisruption: fault must not be null");
    }

    @Override
    public String name() {
        return fault.name();
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return fault.requires();
    }

    @Override
    public void validate(SystemUnderTest system) {
        fault.validate(system);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return fault.inject(system);
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        return fault.inject(system, events);
    }

    @Override
    public boolean marksDisruption() {
        return true;
    }
}
