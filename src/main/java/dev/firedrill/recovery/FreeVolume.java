package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Targets;
import dev.firedrill.fault.Volumes;
import dev.firedrill.stack.Stack;

import java.nio.file.Path;

/**
 * The runbook's storage-full fix: free the space on the service's size-limited volume (the ballast of
 * {@code Faults.fillVolume}), then start the service again if it stopped (PostgreSQL runs crash recovery).
 */
record FreeVolume(String service) implements Recovery {

    FreeVolume {
        Recoveries.requireService(service, "freeVolume");
    }

    @Override
    public String name() {
        return "freeVolume(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        Path root = Volumes.hostPath(stack, name(), service);
        long freed = Volumes.free(root, name(), service);
        String text = "freed " + (freed >> 20) + " MiB on the volume of '" + service + "'";
        if (!stack.isRunning(service)) {
            stack.start(service);
            return text + "; '" + service + "' had stopped: started it again, ready";
        }
        return text + "; '" + service + "' kept running";
    }
}
