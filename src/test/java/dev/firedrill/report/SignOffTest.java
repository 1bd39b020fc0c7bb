package dev.firedrill.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management sign-off of a sealed run, on real files: an addendum beside the seal that fills the exercise report's
 * blank fields, is bound to the run's manifest, signed, checked by {@code ./drill verify}, and never edited.
 */
class SignOffTest {

    @TempDir
    Path dir;

    private final KeyPair keys = SigningKeys.generate();

    /** A finished run of D01 (failed: a deficiency) and D11 (passed, a promoted standby, its BIA entry), sealed with {@link #keys}. */
    private Path sealedRun() {
        SyntheticDrills drills = new SyntheticDrills();
        RunInfo run = SyntheticDrills.run(dir.resolve("reports"));
        EvidenceReporter evidence = new EvidenceReporter(drills.clock, Set.of());
        evidence.runStarted(run);
        evidence.drillFinished(run, drills.failedApiServiceDown(), new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d01Targets()));
        evidence.drillFinished(run, drills.failoverWithTwoOutages(), new DrillArtifacts(null, null, Map.of(), Map.of(), SyntheticDrills.d11Targets()));
        evidence.runFinished(run);
        new BundleReporter(Set.of(), () -> Optional.of(keys.getPrivate())).runFinished(run);
        return run.folder();
    }

    private SignOff draft(Path run) {
        return new SignOff(SyntheticDrills.RUN_ID, SignOff.manifestHash(run), "J. Doe, Head of IT operations", LocalDate.parse("2026-12-07"),
                "A. Smith, SRE lead", "BIA-2026 §4", Map.of("D01", "platform-team"), Map.of("D01", LocalDate.parse("2027-01-31")),
                "Accepted; D01 to be fixed before the next quarter", Map.of(), Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void theSignOffFillsTheRecordsBlankFieldsAndVerifiesWithTheSealedBundle() throws Exception {
        Path run = sealedRun();
        String sealed = Files.readString(run.resolve(ExerciseReport.FILE));

        SignOff done = SignOff.write(run, draft(run), Optional.of(keys.getPrivate()), Optional.empty());

        String html = Files.readString(run.resolve("sign-off").resolve(ExerciseReport.FILE));
        String deficiencies = html.substring(html.indexOf("Deficiencies found"), html.indexOf("<h2>", html.indexOf("Deficiencies found") + 10));
        assertThat(deficiencies).contains("D01 API service down").contains("<td>platform-team</td>").contains("<td>2027-01-31</td>");
        assertThat(html).contains("<td>BIA-2026 §4</td>").contains("<td>J. Doe, Head of IT operations</td>").contains("<td>A. Smith, SRE lead</td>")
                .contains("Accepted; D01 to be fixed").contains(done.manifest());
        assertThat(sealed).as("the sealed record keeps its blank fields").doesNotContain("platform-team").doesNotContain("J. Doe");
        assertThat(done.files()).containsOnlyKeys(ExerciseReport.FILE);

        assertThat(EvidenceBundle.verify(run, keys.getPublic()).problems()).as("the addendum is no extra file of the bundle").isEmpty();
        assertThat(SignOff.problems(run, keys.getPublic())).isEmpty();
        assertThat(SignOff.read(run)).contains(done);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path pub = Files.writeString(dir.resolve("pub.pem"), SigningKeys.publicPem(keys.getPublic()));
        assertThat(BundleCommands.run(List.of("verify", run.toString(), "--public-key", pub.toString()), print(out), print(new ByteArrayOutputStream())))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("signed off by J. Doe, Head of IT operations on 2026-12-07");
    }

    @Test
    void aChangedRecordAnotherKeyOrAResealedRunIsNamedByTheCheck() throws Exception {
        Path run = sealedRun();
        SignOff.write(run, draft(run), Optional.of(keys.getPrivate()), Optional.empty());

        assertThat(SignOff.problems(run, SigningKeys.generate().getPublic()))
                .containsExactly("sign-off: sign-off.sig is not a signature of sign-off.json by the given key");
        Path html = run.resolve("sign-off").resolve(ExerciseReport.FILE);
        Files.writeString(html, Files.readString(html).replace("platform-team", "nobody"));
        assertThat(SignOff.problems(run, keys.getPublic())).containsExactly("sign-off: changed sign-off/exercise-report.html");
        EvidenceBundle.seal(run, Optional.of(keys.getPrivate()));   // the evidence sealed again, e.g. after an edit
        Files.writeString(run.resolve("evidence.json"), Files.readString(run.resolve("evidence.json")) + " ");
        EvidenceBundle.seal(run, Optional.of(keys.getPrivate()));
        assertThat(SignOff.problems(run, keys.getPublic())).contains("sign-off: it signs off another manifest.sha256 than this run's");
    }

    @Test
    void aSignOffIsNeverEditedAndNeedsASealedRun() throws Exception {
        Path run = sealedRun();
        SignOff.write(run, draft(run), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> SignOff.write(run, draft(run), Optional.empty(), Optional.empty()))
                .hasMessageContaining("signed off already").hasMessageContaining("remove");
        assertThat(SignOff.problems(run, keys.getPublic())).containsExactly("sign-off: unsigned (no sign-off/sign-off.sig)");
        Files.delete(run.resolve(EvidenceBundle.MANIFEST));
        assertThatThrownBy(() -> SignOff.manifestHash(run)).hasMessageContaining("only a finished, sealed run is signed off");
    }

    @Test
    void theCommandSignsOffAndNamesEveryMistake() throws Exception {
        Path run = sealedRun();

        assertThat(error("sign-off", run.toString(), "--bia", "BIA-1")).contains("--by is required");
        assertThat(error("sign-off", run.toString(), "--by", "J. Doe", "--owner", "D99=team")).contains("drill 'D99' is not in run")
                .contains("its drills: D01, D11");
        assertThat(error("sign-off", run.toString(), "--by", "J. Doe", "--due", "D01=next week")).contains("'next week' is no date")
                .contains("YYYY-MM-DD");
        assertThat(error("sign-off", run.toString(), "--by", "J. Doe", "--owner", "platform")).contains("--owner takes DRILL=VALUE");
        assertThat(error("sign-off", run.toString(), "--by", "J. Doe", "--colour", "red")).contains("unknown option '--colour'");
        assertThat(error("sign-off", dir.resolve("nowhere").toString(), "--by", "J. Doe")).contains("does not exist");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(BundleCommands.run(List.of("sign-off", run.toString(), "--by", "J. Doe, CIO", "--owner", "D01=platform-team", "--no-pdf"),
                print(out), print(new ByteArrayOutputStream()))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("signed off run").contains("by J. Doe, CIO");
        assertThat(Files.readString(run.resolve("sign-off").resolve(SignOff.FILE))).contains("\"D01\" : \"platform-team\"")
                .contains("\"run\" : \"" + SyntheticDrills.RUN_ID + "\"");
    }

    private static String error(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(BundleCommands.run(List.of(args), print(new ByteArrayOutputStream()), print(err))).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }
}
