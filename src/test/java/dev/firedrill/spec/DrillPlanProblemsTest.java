package dev.firedrill.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code ./drill plan} (and the run before it starts a stack) finds wrong that reading the file could not: the DR
 * policy's kinds, the Compose file and the services it names, the scripts. On files of a project folder of its own.
 */
class DrillPlanProblemsTest {

    @TempDir
    Path project;

    private static final String DRILL = """
            id: P1
            title: Plan checks
            steady-state: {probes: [{probe: write}]}
            faults: [{kind: kill, target: ledger}]
            recovery: [{procedure: restart, target: ledger}]
            objectives: [{objective: rto, max: 30s}]
            """;

    private DrillFile file(String text) throws Exception {
        Files.createDirectories(project.resolve("drills/scripts"));
        Files.writeString(project.resolve("docker-compose.drill.yml"), "services:\n  ledger: {image: x}\n  postgres: {image: y}\n");
        Files.writeString(project.resolve("drills/dr-policy.yml"), "disruptions:\n  process-crash: {rto: 45s}\n");
        Files.writeString(project.resolve("drills/scripts/fix.sh"), "echo fixed\n");
        return DrillFiles.parse(project.resolve("drills/p1.yml"), text);
    }

    @Test
    void aGoodFileHasNoProblem() throws Exception {
        assertThat(DrillPlan.problems(file(DRILL + "disruption: process-crash\n"), project, true)).isEmpty();
    }

    @Test
    void aServiceTheComposeFileDoesNotHaveIsNamedWithItsServices() throws Exception {
        assertThat(DrillPlan.problems(file(DRILL.replace("target: ledger}]\nrecovery", "target: ledgr}]\nrecovery")), project, true))
                .containsExactly("kill(ledgr): no service 'ledgr' in docker-compose.drill.yml (did you mean 'ledger'?); its services: ledger, postgres");
        assertThat(DrillPlan.problems(file(DRILL.replace("target: ledger}]\nrecovery", "target: ledgr}]\nrecovery")), project, false))
                .as("on an external system the endpoints file says what there is").isEmpty();
    }

    @Test
    void aMigrationNamesTheServiceWithProfilesItRunsAndTheDatabaseAndBothAreChecked() throws Exception {
        Files.createDirectories(project.resolve("drills/stacks"));
        Files.writeString(project.resolve("drills/stacks/release.yml"), """
                services:
                  postgres: {image: postgres:15}
                  migrations: {image: firedrill/migrations, profiles: [tools]}
                """);
        String migration = """
                id: P2
                title: Migration
                stack: {compose: drills/stacks/release.yml}
                steady-state: {probes: [{probe: write}]}
                recovery:
                  - {procedure: migrate, to: head}
                  - {procedure: migration-current, expect: '0004', service: %s}
                """;
        assertThat(DrillPlan.problems(file(migration.formatted("migrations")), project, true)).isEmpty();
        assertThat(DrillPlan.problems(file(migration.formatted("migration")), project, true))
                .containsExactly("migration-current(0004): no service 'migration' in drills/stacks/release.yml (did you mean"
                        + " 'migrations'?); its services: migrations, postgres");
    }

    @Test
    void aComposeFileOutsideTheProjectMissingOrWithoutServicesIsRefused() throws Exception {
        assertThat(DrillPlan.problems(file(DRILL + "stack: {compose: ../../../etc/hosts}\n"), project, true))
                .containsExactly("stack.compose: '../../../etc/hosts' is outside the project: a stack is a Compose file of the project");
        assertThat(DrillPlan.problems(file(DRILL + "stack: {compose: nowhere.yml}\n"), project, true))
                .containsExactly("stack.compose: no file 'nowhere.yml' in the project");
        Files.writeString(project.resolve("empty.yml"), "version: '3'\n");
        assertThat(DrillPlan.problems(file(DRILL + "stack: {compose: empty.yml}\n"), project, true))
                .containsExactly("stack.compose: 'empty.yml' is no Compose file: it has no services");
    }

    @Test
    void aListOfComposeFilesOffersTheServicesOfAllAndRefusesOneDeclaredTwice() throws Exception {
        Files.createDirectories(project);
        Files.writeString(project.resolve("overlay.yml"), "services:\n  prometheus: {image: prom/prometheus}\n");
        String monitored = DRILL.replace("target: ledger}]\nrecovery", "target: prometheus}]\nrecovery")
                + "stack: {compose: [docker-compose.drill.yml, overlay.yml]}\n";
        DrillFile read = file(monitored);

        assertThat(read.stack().compose()).containsExactly("docker-compose.drill.yml", "overlay.yml");
        assertThat(DrillPlan.problems(read, project, true)).isEmpty();
        assertThat(DrillPlan.problems(file(monitored.replace("target: prometheus}]\nrecovery", "target: grafana}]\nrecovery")), project, true))
                .containsExactly("kill(grafana): no service 'grafana' in docker-compose.drill.yml + overlay.yml; its services: ledger, postgres, prometheus");
        Files.writeString(project.resolve("overlay.yml"), "services:\n  postgres: {image: z}\n");
        assertThat(DrillPlan.problems(file(DRILL + "stack: {compose: [docker-compose.drill.yml, overlay.yml]}\n"), project, true))
                .containsExactly("stack.compose: service 'postgres' is declared in both docker-compose.drill.yml and overlay.yml:"
                        + " a later Compose file may add services, not declare one again");
    }

    @Test
    void anEmptyOrRepeatingListOfComposeFilesIsRefused() {
        assertThatThrownBy(() -> DrillFiles.parse(project.resolve("drills/p1.yml"), DRILL + "stack: {compose: []}\n"))
                .hasMessageContaining("stack.compose").hasMessageContaining("at least one Compose file");
        assertThatThrownBy(() -> DrillFiles.parse(project.resolve("drills/p1.yml"), DRILL + "stack: {compose: [a.yml, a.yml]}\n"))
                .hasMessageContaining("stack.compose").hasMessageContaining("names a file twice");
    }

    @Test
    void aDisruptionKindThePolicyDoesNotKnowAndAMissingOrEscapingScriptAreNamed() throws Exception {
        assertThat(DrillPlan.problems(file(DRILL + "disruption: meteor\n"), project, true)).singleElement().asString()
                .contains("disruption 'meteor' is not a kind of the DR policy").contains("kinds: process-crash");
        String script = DRILL.replace("recovery: [{procedure: restart, target: ledger}]", "recovery: [{procedure: script, run: %s}]");
        assertThat(DrillPlan.problems(file(script.formatted("drills/scripts/fix.sh")), project, true)).isEmpty();
        assertThat(DrillPlan.problems(file(script.formatted("drills/scripts/nope.sh")), project, true)).singleElement().asString()
                .contains("no file 'drills/scripts/nope.sh'");
        assertThat(DrillPlan.problems(file(script.formatted("../outside.sh")), project, true)).singleElement().asString()
                .contains("'../outside.sh' is outside the project").contains("absolute path");
    }
}
