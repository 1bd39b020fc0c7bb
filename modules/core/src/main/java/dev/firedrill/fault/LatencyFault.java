package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.time.Duration;
import java.util.Objects;
import dev.firedrill.FaultEvents;

/**
 * Latency on the path to a service through the fault proxy: each chunk is delayed by {@code latency}
 * ± {@code jitter}, in one direction or both (a Toxiproxy latency toxic acts one way, so a round trip
 * through both directions is delayed twice). Takes effect when a probe round trip is seen that slow.
 *
 * <p>Example: {@code Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)).direction(Direction.BOTH)}
 */
public record LatencyFault(String service, Duration latency, Duration jitter, Direction direction) implements Fault {

    public LatencyFault {
        Faults.requireService(service, "latency");
        Objects.requireNonNull(latency, "latency(" + service + "): latency must not be null");
        Objects.requireNonNull(jitter, "latency(" + service + "): jitter must not be null");
        Objects.requireNonNull(direction, "latency(" + service + "): direction must not be null; valid: UPSTREAM, DOWNSTREAM, BOTH");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency(" + service + "): latency must be positive, got " + latency);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("latency(" + service + "): jitter must be zero or more, got " + jitter);
        }
        if (latency.toMillis() > Integer.MAX_VALUE || jitter.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("latency(" + service + "): latency and jitter must be below 2^31 ms");
        }
    }

    /** The same latency with {@code ± jitter}. */
    public LatencyFault jitter(Duration jitter) {
        return new LatencyFault(service, latency, jitter, direction);
    }

    /** The same latency on {@code direction}: requests, answers, or both. */
    public LatencyFault direction(Direction direction) {
        return new LatencyFault(service, latency, jitter, direction);
    }

    @Override
    public String name() {
        return "latency(" + service + ", " + latency.toMillis() + " ms" + (jitter.isZero() ? "" : " ± " + jitter.toMillis() + " ms")
                + ", " + direction.name().toLowerCase() + ")";
    }

    /** The least a round trip takes with this fault: the lowest delay per direction, times the directions delayed. */
    Duration leastRoundTrip() {
        long perDirection = Math.max(1, latency.toMillis() - jitter.toMillis());
        return Duration.ofMillis(perDirection * direction.streams().size());
    }

    @Override
    public java.util.Set<Class<? extends dev.firedrill.Capability>> requires() {
        return java.util.Set.of(dev.firedrill.capability.FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        ProxyTarget.of(system, name(), service);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        return new ToxicInjector(this, service, direction).inject(system, events,
                (toxics, name, stream) -> toxics.latency(name, stream, latency.toMillis()).setJitter(jitter.toMillis()),
                ToxicInjector.Check.roundTripAtLeast(leastRoundTrip()));
    }
}
