package dev.firedrill.selector;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.util.Set;

/**
 * A recovery step on a selected target (e.g. restart whichever node leads now): when it runs, the selector is resolved
 * and the step built for that service runs; its output starts with what the selector resolved to.
 */
public record SelectedRecovery(Selection<Recovery> selection) implements Recovery, ActsOn {

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
    public String run(SystemUnderTest system) {
        StringBuilder said = new StringBuilder();
        Recovery step = selection.resolve(system, r -> said.append("target ").append(r.service()).append(" (")
                .append(selection.selector().describe()).append(": ").append(r.why()).append(")\n"));
        return said + step.run(system);
    }
}
