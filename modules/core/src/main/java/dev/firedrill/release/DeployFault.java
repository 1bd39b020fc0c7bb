package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.capability.ServiceImages.Image;

import java.util.Set;

/**
 * A release deployed as the fault: the bad release of a bad-release drill, deployed the way the runbook deploys every
 * release ({@link Deployment}: the running image kept as {@code :previous}, the service recreated from {@code image}).
 * It acts when the old container is removed; it has taken effect once the new container is ready and runs the new
 * image. Its undo recreates the service from the image it ran before, unless a rollback did already.
 *
 * <p>Example: {@code ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0")}
 */
public record DeployFault(String service, String image) implements Fault {

    public DeployFault {
        ReleaseSteps.checkImage(image, "deploy");
    }

    @Override
    public String name() {
        return "deploy(" + service + ", " + image + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceImages.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        ImageStep.checkOn(system, service, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        ServiceImages images = system.require(ServiceImages.class, name());
        Image before = images.running(service);
        Object lock = new Object();
        Injection undo = new Injection() {
            private boolean done;

            @Override
            public void close() {
                synchronized (lock) {
                    if (done) {
                        return;
                    }
                    done = true;
                    Image now = images.running(service);
                    if (!now.id().equals(before.id())) {
                        Image back = images.deploy(service, before.reference(), () -> { });
                        events.changed(new ReleaseChange(service, now.toString(), back.toString(), "undo of " + name()));
                    }
                }
            }
        };
        events.willLeave(Leftover.withStack("service " + service + " runs " + image + " instead of " + before.reference()));
        java.util.List<ReleaseChange> changes;
        synchronized (lock) {
            changes = Deployment.deploy(system, service, image, name(), () -> {
                events.acting();
                events.accept(undo);
            });
        }
        if (changes.isEmpty()) {
            throw new FaultNotEffectiveException(name() + ": " + service + " runs " + before + " already; deploying it changes nothing");
        }
        changes.forEach(events::changed);
        return undo;
    }
}
