package dev.firedrill.release;

import dev.firedrill.Recovery;
import dev.firedrill.SafetyRails;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The procedures migrate and migration-current in drill files: the values the Java DSL builds, and their argument checks. */
class MigrationKindsTest {

    private static List<Recovery> recovery(String steps) {
        return DrillFiles.parse(Path.of("drills/m.yml"), """
                id: M
                title: Migration
                steady-state: {probes: [{probe: write}]}
                recovery:
                %s
                """.formatted(steps)).drill().recoveries();
    }

    private static String rejected(String steps) {
        try {
            recovery(steps);
        } catch (DrillFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the file to be rejected: " + steps);
    }

    @Test
    void theKindsBuildTheJavaSteps() {
        assertThat(recovery("""
                  - {procedure: migrate, to: head}
                  - {procedure: migrate, to: '-1', database: db, service: schema, timeout: 30s}
                  - {procedure: migrate, to: 0002, direction: downgrade}
                  - {procedure: migration-current, expect: 0002}
                """)).containsExactly(
                Migrations.migrate("head"),
                Migrations.migrate("-1").on("db").using("schema").within(Duration.ofSeconds(30)),
                Migrations.migrate("0002").direction(MigrationTarget.Direction.DOWNGRADE),
                Migrations.current("0002"));
    }

    @Test
    void aRevisionIdKeepsItsLeadingZerosAndAMinusOneIsRead() {
        assertThat(recovery("  - {procedure: migrate, to: 0003}\n  - {procedure: migrate, to: -1}\n"))
                .extracting(r -> ((Migrate) r).target().to()).containsExactly("0003", "-1");
    }

    @Test
    void aBadTargetIsRefusedWhenTheFileIsReadNamingWhatIsValid() {
        assertThat(rejected("  - {procedure: migrate, to: 'latest version'}\n"))
                .contains("'to' is 'latest version', which is no migration target")
                .contains("head, base, a revision id (letters, digits and '_', e.g. 0003) or a step relative to the current revision (-1, +1, ...)");
        assertThat(rejected("  - {procedure: migrate, to: '-0'}\n")).contains("which is no migration target");
        assertThat(rejected("  - {procedure: migrate}\n")).contains("to");
        assertThat(rejected("  - {procedure: migrate, to: head, direction: sideways}\n")).contains("upgrade, downgrade");
        assertThat(rejected("  - {procedure: migration-current, expect: 'the newest'}\n"))
                .contains("'expect' is 'the newest', which is no revision; valid: a revision id (e.g. 0004), head (the newest) or base (none)");
    }

    @Test
    void aDirectionThatContradictsTheTargetIsRefused() {
        assertThat(rejected("  - {procedure: migrate, to: '-1', direction: upgrade}\n"))
                .contains("'to: -1' is a downgrade, but 'direction' says upgrade");
        assertThatThrownBy(() -> Migrations.migrate("head").direction(MigrationTarget.Direction.DOWNGRADE))
                .hasMessageContaining("'to: head' is an upgrade, but 'direction' says downgrade");
    }

    @Test
    void theTargetTellsTheDirectionButARevisionId() {
        assertThat(new MigrationTarget("head").impliedDirection()).contains(MigrationTarget.Direction.UPGRADE);
        assertThat(new MigrationTarget("+2").impliedDirection()).contains(MigrationTarget.Direction.UPGRADE);
        assertThat(new MigrationTarget("-1").impliedDirection()).contains(MigrationTarget.Direction.DOWNGRADE);
        assertThat(new MigrationTarget("base").impliedDirection()).contains(MigrationTarget.Direction.DOWNGRADE);
        assertThat(new MigrationTarget("0003").impliedDirection()).isEmpty();
    }

    @Test
    void theStepsActOnTheDatabaseAndTheMigrationsServiceForTheAllowList() {
        assertThat(SafetyRails.targetsOf(Migrations.migrate("head"))).contains(java.util.Set.of("postgres", "migrations"));
        assertThat(SafetyRails.targetsOf(Migrations.current("head").on("db"))).contains(java.util.Set.of("db", "migrations"));
        assertThat(Migrations.migrate("-1").name()).isEqualTo("migrate(-1)");
        assertThat(Migrations.current("0004").name()).isEqualTo("migration-current(0004)");
    }
}
