package dev.firedrill.fault;

import dev.firedrill.Fault;

import java.util.Objects;

/** {@code fault}, whose acting is the drill's disruption although faults follow it ({@link Fault#marksDisruption()}). */
record DisruptionMark(Fault fault) implements WrappingFault {

    DisruptionMark {
        Objects.requireNonNull(fault, "Faults.markingDisruption: fault must not be null");
    }

    @Override
    public boolean marksDisruption() {
        return true;
    }
}
