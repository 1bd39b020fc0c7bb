package dev.firedrill.recovery;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;

/**
 * The capabilities a procedure acts through, by name: {@code processes(system).stop(...)} reads like the runbook.
 * Each step declares them in {@code requires()}, so the runner has checked the system offers them before any step
 * runs; should one still be missing, the error names it.
 */
final class SystemParts {

    private static final String ACTION = "a recovery step";

    private SystemParts() {
    }

    static ServiceProcesses processes(SystemUnderTest system) {
        return system.require(ServiceProcesses.class, ACTION);
    }

    static ServiceCommands commands(SystemUnderTest system) {
        return system.require(ServiceCommands.class, ACTION);
    }

    static ServiceFiles files(SystemUnderTest system) {
        return system.require(ServiceFiles.class, ACTION);
    }

    static OneOffs oneOffs(SystemUnderTest system) {
        return system.require(OneOffs.class, ACTION);
    }

    static Network network(SystemUnderTest system) {
        return system.require(Network.class, ACTION);
    }

    static FaultProxy proxy(SystemUnderTest system) {
        return system.require(FaultProxy.class, ACTION);
    }
}
