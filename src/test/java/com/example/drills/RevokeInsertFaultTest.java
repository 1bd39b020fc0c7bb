package com.example.drills;

import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user's revoke-insert fault, read from drill files as Firedrill's own faults are, with the same quality of errors. */
class RevokeInsertFaultTest {

    private static final String FILE = """
            id: X
            title: t
            steady-state: {probes: [{probe: write}]}
            faults:
              - {kind: revoke-insert, target: postgres, table: shop.payments, role: app_writer}
            """;

    @Test
    void aDrillFileNamesTheFaultLikeOneOfFiredrillsOwn() {
        assertThat(DrillFiles.parse(Path.of("x.yml"), FILE).drill().faults())
                .containsExactly(new RevokeInsertFault("postgres", "shop.payments", "app_writer"));
        var kind = Kinds.onClasspath().get(Category.FAULT, "revoke-insert");
        assertThat(kind.requires()).containsExactly(SqlSessions.class);
        assertThat(Kinds.onClasspath().isBuiltIn(kind)).isFalse();
    }

    @Test
    void mistakesAreNamedWithTheirPlaceAndWhatIsValid() {
        assertThatThrownBy(() -> DrillFiles.parse(Path.of("x.yml"), FILE.replace("revoke-insert", "revoke-insrt")))
                .isInstanceOf(DrillFileException.class).hasMessageContaining("x.yml:5:12: faults[0].kind: unknown fault 'revoke-insrt'"
                        + " (did you mean 'revoke-insert'?)").hasMessageContaining("revoke-insert");
        assertThatThrownBy(() -> DrillFiles.parse(Path.of("x.yml"), FILE.replace(", role: app_writer", "")))
                .hasMessageContaining("faults[0].role: missing: fault 'revoke-insert' needs 'role' (a text): the role that loses INSERT");
        assertThatThrownBy(() -> DrillFiles.parse(Path.of("x.yml"), FILE.replace("shop.payments", "\"payments; DROP TABLE x\"")))
                .hasMessageContaining("faults[0]: revoke-insert: table must be a table name such as payments or shop.payments");
    }
}
