package dev.firedrill.selector;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.util.Set;

/**
 * A fault on a selected target: when it is injected, the selector is resolved and the fault built for that service is
 * injected (and undone) in its place; the drill is told what it resolved to ({@link FaultEvents#resolved}). Nothing is
 * kept between injections.
 */
public record SelectedFault(Selection<Fault> selection) implements Fault, ActsOn {

    @Override
    public Set<String> actsOn() {
        return selection.candidates();
    }

    @Override
    public String name() {
        return selection.name();
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return selection.requires();
    }

    @Override
    public void validate(SystemUnderTest system) {
        selection.validate(system);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        return selection.resolve(system, r -> events.resolved(selection.selector().describe(), r.service(), r.why()))
                .inject(system, events);
    }
}
