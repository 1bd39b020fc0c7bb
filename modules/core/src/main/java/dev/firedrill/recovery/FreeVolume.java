package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Volumes;

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
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceFiles.class, ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        Volumes.sizeLimited(system, name(), service);
        system.require(ServiceProcesses.class, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        ServiceProcesses processes = system.require(ServiceProcesses.class, name());
        Path root = Volumes.sizeLimited(system, name(), service).hostDirectory();
        long freed = Volumes.free(root, name(), service);
        String text = "freed " + (freed >> 20) + " MiB on the volume of '" + service + "'";
        if (!processes.isRunning(service)) {
            processes.start(service);
            return text + "; '" + service + "' had stopped: started it again, ready";
        }
        return text + "; '" + service + "' kept running";
    }
}
