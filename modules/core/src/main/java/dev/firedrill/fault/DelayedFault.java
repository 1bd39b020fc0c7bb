package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/** Injects {@code fault} after {@code delay}: the faults before it act alone meanwhile (D11: the stream is cut, then the primary dies). */
record DelayedFault(Duration delay, Fault fault) implements WrappingFault {

    DelayedFault {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("Faults.after: delay must be zero or more, got " + delay);
        }
        Objects.requireNonNull(fault, "Faults.after: fault must not be null");
    }

    @Override
    public String name() {
        return "after " + delay.toMillis() + " ms: " + fault.name();
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        AtomicBoolean called = new AtomicBoolean();
        events.accept(() -> called.set(true));   // a stop during the delay calls it off: the fault is never injected; it has not acted yet
        long until = System.nanoTime() + delay.toNanos();
        await(name()).atMost(delay.plusSeconds(30)).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                .until(() -> {
                    if (called.get()) {
                        throw new FaultNotEffectiveException(name() + ": called off (by a stop or an abort) before it was injected");
                    }
                    return System.nanoTime() - until >= 0;
                });
        return fault.inject(system, events);   // the inner fault says when it acts
    }
}
