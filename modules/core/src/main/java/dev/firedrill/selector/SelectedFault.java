package dev.firedrill.selector;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.util.Set;
import java.util.function.Function;

/**
 * A fault on a selected target: when it is injected, the selector is resolved and the fault {@code of} builds for that
 * service is injected (and undone) in its place; the drill is told what it resolved to ({@link FaultEvents#resolved}).
 * Nothing is kept between injections.
 *
 * @param kind what the fault does, for its name, e.g. {@code kill}
 * @param of   the fault on one named service, e.g. {@code Faults::kill}
 */
public record SelectedFault(String kind, TargetSelector selector, Function<String, Fault> of) implements Fault, ActsOn {

    public SelectedFault {
        java.util.Objects.requireNonNull(selector, "selector");
        java.util.Objects.requireNonNull(of, "the fault on one service");
    }

    /** Every candidate: the allow-list must let the step act on whichever the selector names. */
    @Override
    public Set<String> actsOn() {
        return new java.util.LinkedHashSet<>(selector.candidates());
    }

    @Override
    public String name() {
        return kind + "(" + selector.describe() + ")";
    }

    /** What each candidate's fault acts through (they are of one kind: the first candidate's). */
    @Override
    public Set<Class<? extends Capability>> requires() {
        return of.apply(selector.candidates().get(0)).requires();
    }

    /** Every candidate is a service, and the fault applies to each of them. */
    @Override
    public void validate(SystemUnderTest system) {
        selector.validate(system, name());
        selector.candidates().forEach(c -> of.apply(c).validate(system));
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        TargetSelector.Resolution r = selector.resolve(system);
        events.resolved(selector.describe(), r.service(), r.why());
        return of.apply(r.service()).inject(system, events);
    }

    /** Equal when of one kind and selector and building the same step for every candidate (a file's and a Java drill's). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SelectedFault o && kind.equals(o.kind) && selector.equals(o.selector)
                && selector.candidates().stream().allMatch(c -> of.apply(c).equals(o.of.apply(c)));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, selector);
    }
}
