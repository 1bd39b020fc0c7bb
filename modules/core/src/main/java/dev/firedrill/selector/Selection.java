package dev.firedrill.selector;

import dev.firedrill.Capability;
import dev.firedrill.DrillStep;
import dev.firedrill.SystemUnderTest;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a fault and a recovery step on a selected target share: the step {@code of} builds for one named service, the
 * selector naming that service when the step acts, and the name, capabilities, checks and equality that follow from
 * them ({@link SelectedFault}, {@link SelectedRecovery}).
 *
 * @param kind what the step does, for its name, e.g. {@code kill}
 * @param of   the step on one named service, e.g. {@code Faults::kill}
 */
record Selection<T extends DrillStep>(String kind, TargetSelector selector, Function<String, T> of) {

    Selection {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(of, "the step on one service");
    }

    String name() {
        return kind + "(" + selector.describe() + ")";
    }

    /** Every candidate: the allow-list must let the step act on whichever the selector names. */
    Set<String> candidates() {
        return new LinkedHashSet<>(selector.candidates());
    }

    /** What each candidate's step acts through (they are of one kind: the first candidate's). */
    Set<Class<? extends Capability>> requires() {
        return of.apply(selector.candidates().get(0)).requires();
    }

    /** Every candidate is a service, and the step applies to each of them. */
    void validate(SystemUnderTest system) {
        selector.validate(system, name());
        selector.candidates().forEach(c -> of.apply(c).validate(system));
    }

    /** The step on the service the selector names now, with why it was named. */
    T resolve(SystemUnderTest system, java.util.function.Consumer<TargetSelector.Resolution> resolved) {
        TargetSelector.Resolution r = selector.resolve(system);
        resolved.accept(r);
        return of.apply(r.service());
    }

    /** Equal when of one kind and selector and building the same step for every candidate (a file's and a Java drill's). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Selection<?> o && kind.equals(o.kind) && selector.equals(o.selector)
                && selector.candidates().stream().allMatch(c -> of.apply(c).equals(o.of.apply(c)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, selector);
    }
}
