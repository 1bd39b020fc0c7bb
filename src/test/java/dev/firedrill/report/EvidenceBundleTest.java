package dev.firedrill.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sealed bundle on real files: manifest, Ed25519 signature, verification naming what changed, the commands. */
class EvidenceBundleTest {

    @TempDir
    Path dir;

    private Path run() throws Exception {
        SyntheticDrills drills = new SyntheticDrills();
        RunInfo run = SyntheticDrills.run(dir.resolve("reports"));
        var d01 = drills.failedApiServiceDown();
        Path ledger = drills.writeLedger(RunFolder.drillFolder(run, "D01").resolve(RunFolder.LEDGER_FILE));
        Set<String> secrets = Set.of(SyntheticDrills.PASSWORD);
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, secrets);
        evidence.runStarted(run);
        TimelineFiles.writeFor(run, "D01", d01.measurements().timeline(), secrets);
        DrillCharts.writeFor(run, d01, ledger, secrets);
        evidence.drillFinished(run, d01, new DrillArtifacts(ledger, null, Map.of(), Map.of(), SyntheticDrills.d01Targets()));
        evidence.runFinished(run);
        return run.folder();
    }

    @Test
    void aSignedBundleVerifiesWithItsKeyAndNamesEveryChangedMissingOrExtraFile() throws Exception {
        Path folder = run();
        KeyPair keys = SigningKeys.generate();
        new BundleReporter(Set.of(SyntheticDrills.PASSWORD), () -> Optional.of(keys.getPrivate()))
                .runFinished(SyntheticDrills.run(dir.resolve("reports")));

        assertThat(EvidenceBundle.verify(folder, keys.getPublic()).ok()).isTrue();
        assertThat(Files.readString(folder.resolve("signature.txt"))).contains("signed: yes")
                .contains(SigningKeys.fingerprint(keys.getPublic()));
        assertThat(Files.readString(folder.resolve("manifest.sha256"))).contains("  D01/ledger.jsonl\n")
                .contains("  D01/timeline.svg\n").contains("  evidence.json\n").contains("  summary.html\n");

        Path ledger = folder.resolve("D01/ledger.jsonl");
        byte[] bytes = Files.readAllBytes(ledger);
        bytes[10] ^= 1;   // one byte
        Files.write(ledger, bytes);
        Files.delete(folder.resolve("D01/timeline.svg"));
        Files.writeString(folder.resolve("D01/planted.txt"), "x");
        EvidenceBundle.Verification v = EvidenceBundle.verify(folder, keys.getPublic());

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).containsExactly("changed: D01/ledger.jsonl", "missing: D01/timeline.svg",
                "extra (not in the manifest): D01/planted.txt");
    }

    @Test
    void theLatestLinkVerifiesLikeTheRunFolderItPointsAt() throws Exception {
        Path folder = run();
        KeyPair keys = SigningKeys.generate();
        new BundleReporter(Set.of(SyntheticDrills.PASSWORD), () -> Optional.of(keys.getPrivate()))
                .runFinished(SyntheticDrills.run(dir.resolve("reports")));
        Path latest = RunFolder.pointLatestAt(folder);

        EvidenceBundle.Verification v = EvidenceBundle.verify(latest, keys.getPublic());

        assertThat(v.problems()).isEmpty();
        assertThat(v.filesChecked()).isGreaterThan(5);
        Files.writeString(folder.resolve("D01/planted.txt"), "x");
        assertThat(EvidenceBundle.verify(latest, keys.getPublic()).problems())
                .containsExactly("extra (not in the manifest): D01/planted.txt");
    }

    @Test
    void anotherKeyOrAnEditedManifestFailsTheSignature() throws Exception {
        Path folder = run();
        KeyPair signer = SigningKeys.generate();
        EvidenceBundle.seal(folder, Optional.of(signer.getPrivate()));

        assertThat(EvidenceBundle.verify(folder, SigningKeys.generate().getPublic()).signatureProblem())
                .contains("is not a signature of manifest.sha256 by the given key");

        // Rewriting a file and its manifest line together is caught by the signature.
        Path evidence = folder.resolve("evidence.json");
        Files.writeString(evidence, Files.readString(evidence).replace("\"failed\"", "\"passed\""));
        String manifest = Files.readString(folder.resolve("manifest.sha256"));
        String newHash = SigningKeys.sha256Hex(Files.readAllBytes(evidence));
        Files.writeString(folder.resolve("manifest.sha256"), manifest.replaceAll("[0-9a-f]{64}  evidence.json", newHash + "  evidence.json"));
        EvidenceBundle.Verification v = EvidenceBundle.verify(folder, signer.getPublic());
        assertThat(v.changed()).isEmpty();
        assertThat(v.signatureProblem()).isNotNull();
    }

    @Test
    void withoutAKeyTheBundleSaysItIsUnsignedAndDoesNotVerify() throws Exception {
        Path folder = run();
        EvidenceBundle.seal(folder, Optional.empty());

        assertThat(Files.readString(folder.resolve("signature.txt"))).contains("UNSIGNED");
        assertThat(EvidenceBundle.verify(folder, SigningKeys.generate().getPublic()).signatureProblem()).contains("unsigned");
    }

    @Test
    void theCommandsGenerateKeysSignAndVerifyWithExitCodes() throws Exception {
        Path folder = run();
        Path priv = dir.resolve("k.pem");
        Path pub = dir.resolve("k.pub.pem");
        assertThat(BundleCommands.run(List.of("keygen", priv.toString(), pub.toString()), quiet(), quiet())).isZero();
        Properties props = new Properties();
        props.setProperty(SigningKeys.KEY_PROPERTY, priv.toString());
        EvidenceBundle.seal(folder, SigningKeys.configured(Map.of(), props));
        // The key given as PEM text in the environment works the same way.
        assertThat(SigningKeys.configured(Map.of(SigningKeys.KEY_VARIABLE, Files.readString(priv)), new Properties()))
                .isPresent();

        assertThat(BundleCommands.run(List.of("verify", folder.toString(), "--public-key", pub.toString()), quiet(), quiet())).isZero();
        Files.writeString(folder.resolve("evidence.json"), "tampered");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(BundleCommands.run(List.of("verify", folder.toString(), "--public-key", pub.toString()), quiet(),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("changed: evidence.json");
        assertThat(BundleCommands.run(List.of("verify", folder.toString()), quiet(), quiet())).isEqualTo(2);
        assertThat(BundleCommands.run(List.of("keygen", priv.toString(), dir.resolve("other.pem").toString()), quiet(), quiet()))
                .as("never overwrites a key").isEqualTo(2);
    }

    @Test
    void aKeyThatIsNoPemIsAnErrorNamingWhereItCameFrom() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key");
        Properties props = new Properties();
        props.setProperty(SigningKeys.KEY_PROPERTY, bad.toString());

        assertThatThrownBy(() -> SigningKeys.configured(Map.of(), props))
                .hasMessageContaining("-Dfiredrill.signing.key").hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void theSummaryPageIsOneSelfContainedFileWithoutSecrets() throws Exception {
        Path folder = run();
        new BundleReporter(Set.of(SyntheticDrills.PASSWORD), Optional::empty).runFinished(SyntheticDrills.run(dir.resolve("reports")));

        String html = Files.readString(folder.resolve("summary.html"));
        assertThat(html).contains("0 of 1 passed").contains("D01").contains("API service down").contains("<svg")
                .contains("kill(ledger)").contains("2 confirmed writes were lost")
                .doesNotContain(SyntheticDrills.PASSWORD).doesNotContain("src=\"http").doesNotContain("href=\"http")
                .doesNotContain("<script").doesNotContain(RunFolder.HTML_REPORT_FILE);
    }

    @Test
    void theSummaryPageLinksTheHtmlReportWhenTheRunHasOne() throws Exception {
        Path folder = run();
        Files.writeString(folder.resolve(RunFolder.HTML_REPORT_FILE), "<html></html>");
        new BundleReporter(Set.of(SyntheticDrills.PASSWORD), Optional::empty).runFinished(SyntheticDrills.run(dir.resolve("reports")));

        assertThat(Files.readString(folder.resolve("summary.html")))
                .contains("<a href=\"" + RunFolder.HTML_REPORT_FILE + "\">the engineers' report</a>");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
