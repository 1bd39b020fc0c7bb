package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceProcesses;

import java.util.Set;

/** A fault on the processes of one service: it acts through the system's {@link ServiceProcesses}. */
interface ServiceFault extends TargetedFault<ServiceProcesses> {

    /** The system's processes, once {@link #service()} is known to be one of its services. */
    @Override
    default ServiceProcesses target(SystemUnderTest system) {
        system.requireService(service(), name());
        return system.require(ServiceProcesses.class, name());
    }

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class);
    }
}
