package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import eu.rekawek.toxiproxy.model.toxic.Slicer;

import java.time.Duration;
import java.util.Objects;
import dev.firedrill.FaultEvents;

/**
 * A Toxiproxy toxic on the path to a service other than latency: bandwidth, blackhole, reset-peer,
 * slow close, slicing, data limit. Immutable; {@link #direction} returns a copy acting the other way.
 *
 * <p>Example: {@code Faults.bandwidth("redis", 10).direction(Direction.BOTH)}
 */
public record ToxicFault(String service, Kind kind, Direction direction, long amount, long variation, long delay) implements Fault {

    /** What the toxic does. */
    public enum Kind {
        /** {@code amount} KB/s (1 KB = 1000 bytes); 0 stalls the stream with the connection held. */
        BANDWIDTH,
        /** Data dropped, connections held open (a timeout toxic with timeout 0). */
        BLACKHOLE,
        /** Connections reset (RST) {@code amount} ms after the first data. */
        RESET_PEER,
        /** The close is delayed by {@code amount} ms. */
        SLOW_CLOSE,
        /** Data cut in pieces of {@code amount} ± {@code variation} bytes, {@code delay} µs apart. */
        SLICING,
        /** The connection closes after {@code amount} bytes. */
        DATA_LIMIT
    }

    public ToxicFault {
        Faults.requireService(service, kind == null ? "toxic" : kind.name().toLowerCase());
        Objects.requireNonNull(kind, "toxic(" + service + "): kind must not be null");
        Objects.requireNonNull(direction, kind.name().toLowerCase() + "(" + service + "): direction must not be null; valid: UPSTREAM, DOWNSTREAM, BOTH");
        String what = kind.name().toLowerCase() + "(" + service + ")";
        for (long v : new long[] {amount, variation, delay}) {
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + ": sizes, rates and durations must be 0 .. 2^31-1, got " + v);
            }
        }
        if (kind == Kind.SLICING && (amount < 1 || variation >= amount)) {
            throw new IllegalArgumentException(what + ": average size must be at least 1 byte and the variation below it, got average "
                    + amount + ", variation " + variation);
        }
    }

    /** The same toxic acting on {@code direction}. */
    public ToxicFault direction(Direction direction) {
        return new ToxicFault(service, kind, direction, amount, variation, delay);
    }

    @Override
    public String name() {
        String args = switch (kind) {
            case BANDWIDTH -> amount + " KB/s";
            case BLACKHOLE -> "data dropped, connections held";
            case RESET_PEER -> "after " + amount + " ms";
            case SLOW_CLOSE -> "close delayed " + amount + " ms";
            case SLICING -> amount + " ± " + variation + " bytes, " + delay + " µs apart";
            case DATA_LIMIT -> amount + " bytes";
        };
        return kind.name().toLowerCase().replace('_', '-') + "(" + service + ", " + args + ", " + direction.name().toLowerCase() + ")";
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
        ToxicInjector injector = new ToxicInjector(this, service, direction);
        Duration shortWait = Duration.ofSeconds(1);
        return switch (kind) {
            case BANDWIDTH -> injector.inject(system, events, (t, n, s) -> t.bandwidth(n, s, amount),
                    amount == 0 ? ToxicInjector.Check.noAnswerWithin(shortWait) : ToxicInjector.Check.stillAnswers(Duration.ofSeconds(10)));
            case BLACKHOLE -> injector.inject(system, events, (t, n, s) -> t.timeout(n, s, 0), ToxicInjector.Check.noAnswerWithin(shortWait));
            case RESET_PEER -> injector.inject(system, events, (t, n, s) -> t.resetPeer(n, s, amount),
                    ToxicInjector.Check.resetWithin(Duration.ofMillis(amount).plusSeconds(2)));
            case SLOW_CLOSE -> injector.inject(system, events, (t, n, s) -> t.slowClose(n, s, amount),
                    ToxicInjector.Check.stillAnswers(Duration.ofSeconds(5)));
            case SLICING -> injector.inject(system, events, (t, n, s) -> {
                Slicer slicer = t.slicer(n, s, amount, delay);
                return variation == 0 ? slicer : slicer.setSizeVariation(variation);
            }, ToxicInjector.Check.stillAnswers(Duration.ofSeconds(10)));
            case DATA_LIMIT -> injector.inject(system, events, (t, n, s) -> t.limitData(n, s, amount),
                    amount == 0 ? ToxicInjector.Check.resetWithin(Duration.ofSeconds(2)) : ToxicInjector.Check.listedOnly());
        };
    }
}
