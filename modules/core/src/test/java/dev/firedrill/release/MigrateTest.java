package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;
import dev.firedrill.ManualClock;
import dev.firedrill.StepFailure;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the migration steps make of alembic's answers: the direction, the notes, the failures. Alembic itself is behind
 * the narrow seam of {@link OneOffs} here, answering as alembic 1.8 prints; MigrationsIT runs the real one.
 */
class MigrateTest {

    private static final String INFO = "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n"
            + "INFO  [alembic.runtime.migration] Will assume transactional DDL.\n";
    private static final String HISTORY = """
            0003 -> 0004 (head), Drops the column `created_at`: a destructive migration.
            0002 -> 0003, Adds the index `entries_account_idx` on `entries (account)`, built CONCURRENTLY.
            0001 -> 0002, Adds the column `currency` with a default, so existing rows and old writers get 'EUR'.
            <base> -> 0001, Baseline: the table `entries` as every release of the reference service reads it.
            """;

    /** A database at a revision, changed by the upgrades and downgrades the fake alembic is asked for. */
    private static final class FakeAlembic implements OneOffs {
        String revision;
        final List<OneOff> ran = new ArrayList<>();
        final Map<String, OneOff.Result> failing = new LinkedHashMap<>();

        FakeAlembic(String revision) {
            this.revision = revision;
        }

        @Override
        public OneOff.Result run(OneOff oneOff) {
            ran.add(oneOff);
            String command = String.join(" ", oneOff.command());
            if (failing.containsKey(command)) {
                return failing.get(command);
            }
            List<String> c = oneOff.command();
            return switch (c.get(1)) {
                case "current" -> new OneOff.Result(0, INFO + (revision == null ? "" : revision + (revision.equals("0004") ? " (head)" : "") + "\n"));
                case "heads" -> new OneOff.Result(0, "0004 (head)\n");
                case "history" -> new OneOff.Result(0, HISTORY);
                case "upgrade", "downgrade" -> {
                    String from = revision;
                    revision = c.get(2).equals("head") ? "0004" : c.get(2).equals("-1") ? "0003" : c.get(2);
                    yield new OneOff.Result(0, INFO + "INFO  [alembic.runtime.migration] Running " + c.get(1) + " " + from + " -> " + revision + "\n");
                }
                default -> throw new AssertionError(command);
            };
        }

        @Override
        public String networkId() {
            return "net";
        }

        @Override
        public String imageOf(String service) {
            return "firedrill/migrations";
        }

        @Override
        public Set<String> services() {
            return Set.of("postgres", "migrations");
        }
    }

    private static SystemUnderTest system(FakeAlembic alembic, Map<String, String> migrationsEnv) {
        return new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return Set.of("postgres");
            }

            @Override
            public Endpoint endpoint(String service, int port) {
                return new Endpoint("127.0.0.1", port);
            }

            @Override
            public Map<String, String> environment(String service) {
                return service.equals("postgres")
                        ? Map.of("POSTGRES_USER", "ledger", "POSTGRES_PASSWORD", "pw", "POSTGRES_DB", "ledger")
                        : migrationsEnv;
            }

            @Override
            public Optional<String> protocol(String service) {
                return service.equals("postgres") ? Optional.of("postgres") : Optional.empty();
            }

            @Override
            public List<Integer> ports(String service) {
                return service.equals("postgres") ? List.of(5432) : List.of();
            }

            @Override
            public Set<Class<? extends Capability>> capabilities() {
                return Set.of(OneOffs.class);
            }

            @Override
            public <T extends Capability> Optional<T> capability(Class<T> type) {
                return type == OneOffs.class ? Optional.of(type.cast(alembic)) : Optional.empty();
            }
        };
    }

    private final Timeline timeline = new Timeline(new ManualClock());

    private List<String> notes(String kind) {
        return timeline.events().stream().filter(e -> kind.equals(e.kind())).map(TimelineEvent::detail).toList();
    }

    @Test
    void anUpgradeRunsAlembicInTheServicesImageAndNotesTheRevisionBeforeAndAfter() {
        FakeAlembic alembic = new FakeAlembic(null);
        String output = Migrations.migrate("head").run(system(alembic, Map.of("DATABASE_URL", "postgresql://x")), timeline);

        assertThat(alembic.ran).extracting(o -> String.join(" ", o.command()))
                .containsExactly("alembic current", "alembic upgrade head", "alembic current");
        assertThat(alembic.ran).allSatisfy(o -> {
            assertThat(o.imageOf()).isEqualTo("migrations");
            assertThat(o.env()).as("the service's own DATABASE_URL").containsEntry("DATABASE_URL", "postgresql://x");
        });
        assertThat(output).startsWith("alembic upgrade head (migrations on postgres): base -> 0004 in ");
        assertThat(notes(Migrate.NOTE)).singleElement().asString()
                .startsWith("alembic upgrade head (migrations on postgres): base -> 0004 in ")
                .contains("Running upgrade");
    }

    @Test
    void withoutADatabaseUrlOfItsOwnTheOneOffReachesTheDatabaseServiceByName() {
        FakeAlembic alembic = new FakeAlembic("0004");
        Migrations.migrate("-1").run(system(alembic, Map.of("OTHER", "x")), timeline);

        assertThat(alembic.ran.get(0).env()).containsEntry("DATABASE_URL", "postgresql://ledger:pw@postgres:5432/ledger")
                .containsEntry("OTHER", "x");
        assertThat(alembic.ran).extracting(o -> String.join(" ", o.command())).contains("alembic downgrade -1");
    }

    @Test
    void aRevisionIdBelowTheCurrentOneIsADowngradeAndAboveItAnUpgrade() {
        FakeAlembic alembic = new FakeAlembic("0004");
        Migrations.migrate("0002").run(system(alembic, Map.of()), timeline);
        Migrations.migrate("0003").run(system(alembic, Map.of()), timeline);

        assertThat(alembic.ran).extracting(o -> String.join(" ", o.command()))
                .contains("alembic history", "alembic downgrade 0002", "alembic upgrade 0003");
        assertThat(notes(Migrate.NOTE)).extracting(n -> n.lines().findFirst().orElseThrow())
                .allSatisfy(n -> assertThat(n).matches("alembic (down|up)grade 000[23] \\(migrations on postgres\\): 000[24] -> 000[23] in .*"));
    }

    @Test
    void aFailingMigrationFailsTheStepWithAlembicsErrorAndIsNotedAllTheSame() {
        FakeAlembic alembic = new FakeAlembic("0004");
        alembic.failing.put("alembic upgrade 9999", new OneOff.Result(255, INFO
                + "ERROR [alembic.util.messaging] Can't locate revision identified by '9999'\n"
                + "  FAILED: Can't locate revision identified by '9999'\n"));

        assertThatThrownBy(() -> Migrations.migrate("9999").run(system(alembic, Map.of()), timeline))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("alembic upgrade 9999 (migrations on postgres): 0004 -> 0004 in ")
                .hasMessageEndingWith(" s, FAILED (exit 255): FAILED: Can't locate revision identified by '9999'")
                .satisfies(e -> assertThat(((StepFailure) e).output()).contains("ERROR [alembic.util.messaging]"));
        assertThat(notes(Migrate.NOTE)).singleElement().asString().contains("FAILED (exit 255)");
    }

    @Test
    void theCheckFailsNamingTheExpectedAndTheActualRevision() {
        FakeAlembic alembic = new FakeAlembic("0003");
        SystemUnderTest system = system(alembic, Map.of());

        assertThatThrownBy(() -> Migrations.current("0002").run(system, timeline))
                .isInstanceOf(StepFailure.class).hasMessage("alembic current on postgres is 0003, expected 0002");
        assertThatThrownBy(() -> Migrations.current("head").run(system))
                .hasMessage("alembic current on postgres is 0003, expected head (0004)");
        assertThat(Migrations.current("0003").run(system, timeline)).isEqualTo("alembic current on postgres is 0003, expected 0003");
        assertThat(notes(MigrationCurrent.NOTE)).hasSize(2);
        assertThat(Migrations.current("base").run(system(new FakeAlembic(null), Map.of()))).endsWith("is base, expected base");
    }

    @Test
    void aSystemWithoutTheMigrationsServiceOrWithoutThatDatabaseIsRefusedBeforeAnythingRuns() {
        FakeAlembic alembic = new FakeAlembic(null);
        assertThatThrownBy(() -> Migrations.migrate("head").using("schema").checkOn(system(alembic, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("migrate(head): the system under test")
                .hasMessageContaining("has no service 'schema' whose image a one-off can run")
                .hasMessageContaining("profiles: [tools]")
                .hasMessageContaining("its services: [migrations, postgres]");
        assertThatThrownBy(() -> Migrations.current("head").on("db").checkOn(system(alembic, Map.of())))
                .hasMessageContaining("has no service 'db'");
        assertThat(alembic.ran).isEmpty();
    }
}
