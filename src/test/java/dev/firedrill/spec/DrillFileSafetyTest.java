package dev.firedrill.spec;

import dev.firedrill.Guard;
import dev.firedrill.SafetyRails;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code safety:} section: allow-list and guards, read into the runner's {@link SafetyRails}; mistakes named like every other. */
class DrillFileSafetyTest {

    private static final String DRILL = """
            id: X1
            title: Example
            steady-state:
              probes: [{probe: write}]
            faults:
              - kind: latency
                target: postgres
                latency: 800ms
            recovery:
              - procedure: revert-faults
            objectives:
              - objective: ttr
                max: 30s
            """;

    private static DrillFile parse(String safety) {
        return DrillFiles.parse(Path.of("drills/x.yml"), DRILL + safety);
    }

    @Test
    void readsTheAllowListAndGuards() {
        DrillFile file = parse("""
                safety:
                  allow: [postgres, ledger]
                  guards:
                    - probe: {probe: get, name: health, service: ledger, path: /health}
                      consecutive-failures: 3
                    - path: write
                      error-rate-above: 50%
                      over: 10s
                """);
        SafetyRails rails = file.safety();
        assertThat(rails.allowed()).contains(Set.of("postgres", "ledger"));
        assertThat(rails.refusals(file.drill())).isEmpty();
        assertThat(rails.guards()).extracting(Guard::path).containsExactly("health", "write");
        assertThat(rails.guards().get(0).probe()).isNotNull();
        assertThat(rails.guards().get(0).name()).isEqualTo("guard 3 consecutive failures of path 'health'");
        assertThat(rails.guards().get(1).probe()).isNull();
        assertThat(rails.guards().get(1).name()).isEqualTo("guard error rate(write) > 50.0 % over 10000 ms");
    }

    @Test
    void aGuardsOwnProbeNamesThePathItWatches() {
        DrillFile file = parse("""
                safety:
                  guards:
                    - probe: {probe: redis-key, service: redis}
                      consecutive-failures: 3
                    - probe: {probe: tls}
                      consecutive-failures: 3
                    - probe: {probe: data}
                      consecutive-failures: 3
                """);
        assertThat(file.safety().guards()).extracting(Guard::path).containsExactly("redis", "tls", "data");
        assertThat(file.safety().guards().get(0).probe()).isEqualTo(dev.firedrill.measure.Probes.redisKey("redis"));
    }

    @Test
    void aFileWithoutSafetyHasNoRails() {
        assertThat(parse("").safety()).isEqualTo(SafetyRails.none());
    }

    @Test
    void anAllowListThatLeavesOutTheTargetRefusesTheDrill() {
        DrillFile file = parse("safety: {allow: [ledger]}\n");
        assertThat(file.safety().refusals(file.drill())).singleElement().asString()
                .startsWith("latency(postgres").contains("acts on [postgres], not in the allow-list [ledger]");
    }

    @Test
    void mistakesInTheSafetySectionAreNamed() {
        assertThatThrownBy(() -> parse("safety: {allow: []}\n")).hasMessageContaining("safety.allow: must name at least one service");
        assertThatThrownBy(() -> parse("safety: {alow: [ledger]}\n")).hasMessageContaining("unknown key 'alow' in safety (did you mean 'allow'?)");
        assertThatThrownBy(() -> parse("""
                safety:
                  guards:
                    - path: write
                """)).hasMessageContaining("x.yml:16:7: safety.guards[0]: a guard needs exactly one of 'consecutive-failures'");
        assertThatThrownBy(() -> parse("""
                safety:
                  guards:
                    - consecutive-failures: 3
                """)).hasMessageContaining("safety.guards[0]: missing: a guard needs 'path'");
        assertThatThrownBy(() -> parse("""
                safety:
                  guards:
                    - probe: {probe: gett}
                      consecutive-failures: 3
                """)).hasMessageContaining("safety.guards[0].probe.probe: unknown probe 'gett' (did you mean 'get'?)");
        assertThatThrownBy(() -> parse("""
                safety:
                  guards:
                    - path: other
                      probe: {probe: write}
                      consecutive-failures: 3
                """)).hasMessageContaining("the guard watches 'other' but its probe records path 'write'");
        assertThatThrownBy(() -> parse("""
                safety:
                  guards:
                    - path: write
                      error-rate-above: 150%
                """)).hasMessageContaining("safety.guards[0].error-rate-above: must be a share between 0 and 1");
    }
}
