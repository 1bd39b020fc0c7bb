package dev.firedrill.fault;

import dev.firedrill.access.Certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CertificatesTest {

    @Test
    void aShortLivedCertificateEndsSecondsFromNow() throws Exception {
        Instant before = Instant.now();
        Certificates.Issued issued = Certificates.issue("ledger", Duration.ofSeconds(30), "changeit");
        Instant after = Instant.now();

        assertThat(issued.subject()).isEqualTo("CN=ledger");
        // keytool truncates to whole seconds; it ran between before and after.
        assertThat(issued.notAfter()).isBetween(before.plusSeconds(28), after.plusSeconds(31));
        assertThat(issued.notBefore()).isBefore(before);
        X509Certificate cert = Certificates.read(issued.keystore(), "changeit");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
        cert.checkValidity(); // valid now
        assertThatThrownBy(() -> cert.checkValidity(Date.from(issued.notAfter().plusSeconds(1))))
                .isInstanceOf(CertificateExpiredException.class);
        assertThat(issued.remainingAt(issued.notAfter().plusSeconds(5))).isEqualTo(Duration.ofSeconds(-5));
    }

    @Test
    void aLongLivedCertificateNeedsNoStartDateShift() {
        Instant before = Instant.now();
        Certificates.Issued issued = Certificates.issue("ledger", Duration.ofDays(2), "changeit");
        assertThat(issued.notAfter()).isBetween(before.plus(Duration.ofDays(2)).minusSeconds(2), before.plus(Duration.ofDays(2)).plusSeconds(60));
    }

    @Test
    void theKeystoreOpensOnlyWithItsPassword() {
        Certificates.Issued issued = Certificates.issue("ledger", Duration.ofMinutes(5), "changeit");
        assertThatThrownBy(() -> Certificates.read(issued.keystore(), "wrong-password"))
                .hasMessageContaining("Not a PKCS12 keystore");
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        assertThatThrownBy(() -> Certificates.issue("led ger", Duration.ofSeconds(5), "changeit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("common name");
        assertThatThrownBy(() -> Certificates.issue("ledger", Duration.ofMillis(500), "changeit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 s and 3650 days");
        assertThatThrownBy(() -> Certificates.issue("ledger", Duration.ofSeconds(5), "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 6 characters");
    }
}
