package dev.firedrill.recovery;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

import java.time.Duration;
import java.time.Instant;

/**
 * The service's certificate expires: a certificate valid for {@code validFor} is installed and the fault
 * takes effect once it is served and its validity has ended. The undo installs a certificate valid for a day.
 */
public record ExpireCertificateFault(String service, int port, String store, Duration validFor) implements Fault {

    @Override
    public String name() {
        return "certificate expires(" + service + ")";
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        Certificates.Issued issued = CertificateStore.issueAndInstall(stack, store, service, validFor);
        Injection undo = new Injection() {
            private boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    CertificateStore.issueAndInstall(stack, store, service, Duration.ofDays(1));
                    done = true;
                }
            }
        };
        if (!CertificateStore.awaitServed(stack, service, port, issued.notAfter(), Duration.ofSeconds(15))) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": the short-lived certificate (until " + issued.notAfter()
                    + ") was installed but not served within 15 s");
        }
        long wait = Duration.between(Instant.now(), issued.notAfter()).toMillis() + 200;
        if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(wait).toNanos());
        }
        return undo;
    }
}
