package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.ServiceProcesses;

/**
 * The disaster of a restore drill: the service's container and its data volume are removed. Only the
 * drill's recovery (a restore) brings the data back; the undo makes the stack whole again when no
 * recovery did (a fresh, empty service under the same name) and does nothing once the service runs.
 */
record DestroyFault(String service) implements ServiceFault {

    @Override
    public String name() {
        return "destroy(" + service + " and its volume)";
    }

    @Override
    public Injection injectInto(ServiceProcesses processes) {
        processes.destroy(service);
        if (processes.isRunning(service)) {
            throw new FaultNotEffectiveException(name() + ": the container of '" + service + "' still runs after its removal");
        }
        return () -> {
            if (!processes.isRunning(service)) {
                processes.recreate(service);
            }
        };
    }
}
