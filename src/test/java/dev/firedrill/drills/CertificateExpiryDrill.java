package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Observation;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Regression;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.TlsProbe;
import dev.firedrill.recovery.Recoveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D16, certificate expiry (seeds 004 §Scenario 8, 002 §Certificate Expiry Test), on
 * drills/stacks/certificate-expiry.yml: a certificate valid for 8 s is installed and runs out; the TLS
 * probe reports its remaining validity, then the failures; the rotation issues a new one and the service
 * reloads it. TTR ≤ 10 s.
 */
@Drills(compose = "drills/stacks/certificate-expiry.yml")
class CertificateExpiryDrill {

    static Drill d16() {
        return Drill.builder("D16", "Certificate expiry")
                .suites("regression")
                .runbook("004 §Scenario 8; 002 §Certificate Expiry Test")
                .probe(TlsProbe.of("ledger", 8443))
                .fault(Faults.expireCertificate("ledger", 8443, "certs", Duration.ofSeconds(8)))
                .hold(Duration.ofSeconds(5))
                .recovery(Recoveries.rotateCertificate("ledger", 8443, "certs"))
                .objective(Slos.detectionWithin(TlsProbe.PATH, Duration.ofSeconds(5)))
                .objective(Slos.ttr(TlsProbe.PATH, Duration.ofSeconds(10)))
                .build();
    }

    @Test
    @Timeout(180)
    @dev.firedrill.junit.WrittenAsFile("drills/D16-certificate-expiry.yml")
    void d16RotationRestoresTls(DrillRunner runner, dev.firedrill.stack.Stack runnerStack) {
        DrillResult result = runner.execute(d16(), runnerStack);
        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        var observed = result.measurements().timeline().observations(TlsProbe.PATH);
        assertThat(observed).extracting(Observation::detail).anyMatch(d -> d != null && d.contains("valid for") && d.contains("ms more"));
        assertThat(observed).extracting(Observation::detail).anyMatch(d -> d != null && d.contains("TLS failure: CertificateExpiredException") && d.contains("expired"));
    }

    @Test
    @Regression
    @Timeout(180)
    void d16FailsWithoutRotation(DrillRunner runner, dev.firedrill.stack.Stack runnerStack) {
        Drill noRotation = d16().toBuilder().id("D16-no-rotation").title("Certificate expiry, no rotation (must fail)")
                .withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("ttr(tls)").build();
        DrillResult result = runner.execute(noRotation, runnerStack);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.reason()).contains("TTR of path 'tls'");
    }
}
