package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

/** Checks that a fault or recovery can act on the system and service it names, before anything happens. */
public final class Targets {

    private Targets() {
    }

    /** The container stack, or a configuration error saying the action needs one. */
    public static Stack stack(SystemUnderTest system, String action, String service) {
        if (!(system instanceof Stack stack)) {
            throw new IllegalArgumentException(action + " needs a container stack started by Firedrill; the system under test is "
                    + system.getClass().getSimpleName() + ", which cannot " + action.replaceAll("\\(.*", "") + " '" + service + "'");
        }
        stack.definition().service(service);   // unknown service: an error listing the valid ones
        return stack;
    }
}
