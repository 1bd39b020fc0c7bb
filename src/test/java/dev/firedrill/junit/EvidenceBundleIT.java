package dev.firedrill.junit;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.report.EvidenceBundle;
import dev.firedrill.report.Secrets;
import dev.firedrill.report.SigningKeys;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real drill (D01's pattern: kill the ledger, restart it) on the real stack, reported by the
 * standard reporters of a run session into a scratch project: the run folder is a signed bundle with
 * evidence, ledger, timeline, charts, container logs and summary, it verifies with the signer's key,
 * one changed byte fails it, and no secret of the stack appears anywhere in it.
 */
class EvidenceBundleIT {

    @Test
    void aRealDrillLeavesASignedVerifiableBundleWithoutSecrets(@TempDir Path project) throws Exception {
        KeyPair keys = SigningKeys.generate();
        Path key = Files.writeString(project.resolve("signing.pem"), SigningKeys.privatePem(keys.getPrivate()));
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        RunSession session = new RunSession(project, "bundle-it-" + System.nanoTime(), secrets, RunSession.standardReporters(secrets));
        Drill drill = Drill.builder("D01", "API service down").suites("smoke")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.kill("ledger")).hold(Duration.ofSeconds(3))
                .recovery(Recoveries.restart("ledger"))
                .objective(Slos.rto("write", Duration.ofSeconds(90)))
                .objective(Slos.noAcknowledgedWritesLost())
                .afterWindow(Duration.ofSeconds(2)).settle(Duration.ofSeconds(1))
                .build();
        DrillResult result;
        System.setProperty(SigningKeys.KEY_PROPERTY, key.toString());
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()))) {
            result = session.runner(stack).run(drill, stack);
            session.close();
        } finally {
            System.clearProperty(SigningKeys.KEY_PROPERTY);
        }

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASSED);
        Path folder = project.resolve("reports").resolve(session.id());
        for (String file : List.of("evidence.json", "summary.txt", "summary.html", "manifest.sha256", "manifest.sig",
                "signature.txt", "D01/timeline.jsonl", "D01/timeline.svg", "D01/ledger.svg",
                "D01/logs/ledger.log", "D01/logs/postgres.log")) {
            assertThat(folder.resolve(file)).as(file).isRegularFile();
        }
        assertThat(folder.resolve(new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("evidence.json").toFile())
                .path("drills").get(0).path("ledger_file").asText())).isRegularFile();
        assertThat(Files.readString(folder.resolve("summary.html"))).contains("D01").contains("kill(ledger)").contains("<svg");
        assertThat(EvidenceBundle.verify(folder, keys.getPublic()).problems()).isEmpty();
        assertThat(Files.readString(project.resolve("reports/history/rto-rpo.jsonl"))).contains("\"drill\":\"D01\"");
        assertThat(project.resolve("reports/history/rto-trend.svg")).isRegularFile();

        assertThat(secrets).as("the stack's passwords are known to the session").isNotEmpty();
        try (Stream<Path> files = Files.walk(project.resolve("reports"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    for (String secret : secrets) {
                        assertThat(text).as("%s holds no secret", f).doesNotContain(secret);
                    }
                    assertThat(Secrets.mask(text, Set.of())).as("%s has no unmasked password=...", f).isEqualTo(text);
                }
            }
        }

        String ledgerFile = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("evidence.json").toFile())
                .path("drills").get(0).path("ledger_file").asText();
        Path ledger = folder.resolve(ledgerFile);
        byte[] bytes = Files.readAllBytes(ledger);
        bytes[bytes.length / 2] ^= 1;
        Files.write(ledger, bytes);
        assertThat(EvidenceBundle.verify(folder, keys.getPublic()).problems()).containsExactly("changed: " + ledgerFile);
    }
}
