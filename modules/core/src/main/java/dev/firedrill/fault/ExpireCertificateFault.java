package dev.firedrill.fault;

import dev.firedrill.access.CertificateStore;
import dev.firedrill.access.Certificates;

import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Capability;
import dev.firedrill.capability.ServiceCommands;

import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * The service's certificate expires: a certificate valid for {@code validFor} is installed and the fault
 * takes effect once it is served and its validity has ended. The undo installs a certificate valid for a day.
 */
record ExpireCertificateFault(String service, int port, String store, Duration validFor) implements Fault {

    private static final Duration SERVED_BOUND = Duration.ofSeconds(15);
    /** Past the end of validity before the fault counts as in effect: clocks of client and service may differ slightly. */
    private static final Duration PAST_EXPIRY = Duration.ofMillis(200);

    ExpireCertificateFault {
        Faults.requireService(service, "expireCertificate");
        Faults.requirePositive(validFor, "expireCertificate(" + service + ")", "validFor");
    }

    @Override
    public String name() {
        return "certificate expires(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceCommands.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.requireService(store, name());
        system.require(ServiceCommands.class, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    /**
     * Installing the certificate is not yet the disaster: it acts when its validity ends, so that instant, not the
     * installation, is what the fault reports as acting. A stop meanwhile installs a good certificate again.
     */
    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        SystemUnderTest stack = system;
        Certificates.Issued issued = CertificateStore.issueAndInstall(stack, store, service, validFor);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                CertificateStore.issueAndInstall(stack, store, service, Duration.ofDays(1));
            }
        };
        events.accept(undo);
        if (!CertificateStore.awaitServed(stack, service, port, issued.notAfter(), SERVED_BOUND)) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": the short-lived certificate (until " + issued.notAfter()
                    + ") was installed but not served within " + SERVED_BOUND);
        }
        try {
            awaitPast(issued.notAfter(), Duration.ofMillis(5), undone);
            events.acting();   // the validity has just ended: this is the disaster
            awaitPast(issued.notAfter().plus(PAST_EXPIRY), Duration.ofMillis(50), undone);
        } catch (ConditionTimeoutException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": the certificate valid until " + issued.notAfter() + " had not expired by "
                    + Instant.now() + " (the host clock did not advance as expected)");
        }
        return undo;
    }

    private void awaitPast(Instant instant, Duration poll, AtomicBoolean undone) {
        await(name() + ": validity ended (" + instant + ")").atMost(validFor.plus(SERVED_BOUND))
                .pollInterval(poll).pollInSameThread()
                .until(() -> {
                    Faults.requireNotUndone(undone, name());
                    return !Instant.now().isBefore(instant);
                });
    }
}
