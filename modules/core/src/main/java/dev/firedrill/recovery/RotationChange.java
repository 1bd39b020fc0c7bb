package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;
import dev.firedrill.capability.Network;


import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.util.ArrayList;
import java.util.List;

/** Take an instance out of an nginx load balancer's rotation (drain), put it back, or set the rotation. */
record RotationChange(String lb, Kind kind, List<String> instances) implements Recovery {

    enum Kind { DRAIN, PUT_BACK, SET }

    RotationChange {
        if (lb == null || lb.isBlank()) {
            throw new IllegalArgumentException("load balancer service must not be blank");
        }
        instances = List.copyOf(instances);
        if (instances.isEmpty() || instances.stream().anyMatch(i -> i == null || i.isBlank())) {
            throw new IllegalArgumentException("instances of '" + lb + "' must be named, got " + instances);
        }
    }

    @Override
    public String name() {
        return switch (kind) {
            case DRAIN -> "drain(" + instances.get(0) + " from " + lb + ")";
            case PUT_BACK -> "put back(" + instances.get(0) + " into " + lb + ")";
            case SET -> "rotation(" + lb + ": " + String.join(", ", instances) + ")";
        };
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceCommands.class, Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(lb, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        instances.forEach(i -> requireInstance(system, i));
        NginxRotation rotation = new NginxRotation(system, lb);
        List<String> next = new ArrayList<>(kind == Kind.SET ? List.of() : rotation.current());
        String instance = instances.get(0);
        switch (kind) {
            case DRAIN -> {
                if (!next.remove(instance)) {
                    throw new IllegalStateException(name() + ": '" + instance + "' is not in rotation " + next);
                }
                if (next.isEmpty()) {
                    throw new IllegalStateException(name() + ": '" + instance + "' is the last instance in rotation; "
                            + "draining it would take the service down");
                }
            }
            case PUT_BACK -> {
                if (next.contains(instance)) {
                    throw new IllegalStateException(name() + ": '" + instance + "' is already in rotation " + next);
                }
                next.add(instance);
            }
            case SET -> next.addAll(instances);
        }
        return rotation.set(next);
    }

    /**
     * A service of the stack, or an instance scale-out started ({@code ledger-2}); anything else is an error naming the
     * valid services.
     */
    private void requireInstance(SystemUnderTest system, String instance) {
        if (system.services().contains(instance)) {
            return;
        }
        int dash = instance.lastIndexOf('-');
        String service = dash > 0 ? instance.substring(0, dash) : null;
        boolean scaled = service != null && system.services().contains(service)
                && system.capability(ServiceScaling.class).map(s -> s.instances(service).contains(instance)).orElse(false);
        if (!scaled) {
            system.requireService(instance, name());
        }
    }
}
