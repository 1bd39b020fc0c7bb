package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.CertificateStore;
import dev.firedrill.fault.Certificates;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

import java.time.Duration;

/** Certificate rotation: issue a new certificate, install it through the store, wait until the service serves it. */
record RotateCertificate(String service, int port, String store, Duration validFor) implements Recovery {

    @Override
    public String name() {
        return "rotate certificate(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        Certificates.Issued issued = CertificateStore.issueAndInstall(stack, store, service, validFor);
        if (!CertificateStore.awaitServed(stack, service, port, issued.notAfter(), Duration.ofSeconds(15))) {
            throw new IllegalStateException(name() + ": installed a certificate valid until " + issued.notAfter()
                    + ", but " + service + ":" + port + " did not serve it within 15 s");
        }
        return "issued and installed " + issued.subject() + " valid until " + issued.notAfter() + "; " + service + " serves it";
    }
}
