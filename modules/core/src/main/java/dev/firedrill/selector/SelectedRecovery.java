package dev.firedrill.selector;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.util.Set;
import java.util.function.Function;

/**
 * A recovery step on a selected target (e.g. restart whichever node leads now): when it runs, the selector is resolved
 * and the step {@code of} builds for that service runs; its output starts with what the selector resolved to.
 *
 * @param kind what the step does, for its name, e.g. {@code restart}
 * @param of   the step on one named service, e.g. {@code Recoveries::restart}
 */
public record SelectedRecovery(String kind, TargetSelector selector, Function<String, Recovery> of) implements Recovery, ActsOn {

    public SelectedRecovery {
        java.util.Objects.requireNonNull(selector, "selector");
        java.util.Objects.requireNonNull(of, "the step on one service");
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

    @Override
    public Set<Class<? extends Capability>> requires() {
        return of.apply(selector.candidates().get(0)).requires();
    }

    @Override
    public void validate(SystemUnderTest system) {
        selector.validate(system, name());
        selector.candidates().forEach(c -> of.apply(c).validate(system));
    }

    @Override
    public String run(SystemUnderTest system) {
        TargetSelector.Resolution r = selector.resolve(system);
        return "target " + r.service() + " (" + selector.describe() + ": " + r.why() + ")\n" + of.apply(r.service()).run(system);
    }

    /** Equal when of one kind and selector and building the same step for every candidate (a file's and a Java drill's). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SelectedRecovery o && kind.equals(o.kind) && selector.equals(o.selector)
                && selector.candidates().stream().allMatch(c -> of.apply(c).equals(o.of.apply(c)));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, selector);
    }
}
