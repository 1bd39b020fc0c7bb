package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceCommands;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.CertificateStore;
import dev.firedrill.access.Certificates;

import java.time.Duration;

/** Certificate rotation: issue a new certificate, install it through the store, wait until the service serves it. */
record RotateCertificate(String service, int port, String store, Duration validFor) implements Recovery {

    @Override
    public String name() {
        return "rotate certificate(" + service + ")";
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
    public String run(SystemUnderTest system) {
        validate(system);
        Certificates.Issued issued = CertificateStore.issueAndInstall(system, store, service, validFor);
        if (!CertificateStore.awaitServed(system, service, port, issued.notAfter(), Duration.ofSeconds(15))) {
            throw new IllegalStateException(name() + ": installed a certificate valid until " + issued.notAfter()
                    + ", but " + service + ":" + port + " did not serve it within 15 s");
        }
        return "issued and installed " + issued.subject() + " valid until " + issued.notAfter() + "; " + service + " serves it";
    }
}
