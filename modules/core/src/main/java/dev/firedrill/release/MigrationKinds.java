package dev.firedrill.release;

import com.google.auto.service.AutoService;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.fault;
import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.choice;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The schema migration kinds, built through {@link Migrations}: procedures {@code migrate} and {@code migration-current}, and
 * fault {@code migrate} (a bad release's migration, {@link MigrateFault}).
 */
@AutoService(KindProvider.class)
public final class MigrationKinds implements KindProvider {

    private static final Param SERVICE = optional("service", TEXT, Migrations.SERVICE, "the service whose image carries the alembic"
            + " project (a Compose service with profiles: [tools]); a one-off of it runs alembic, with its environment");
    private static final Param DATABASE = optional("database", TEXT, Migrations.DATABASE, "the PostgreSQL service migrated; when the"
            + " migrations service sets no DATABASE_URL, the one-off gets one from its POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB");

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                procedure("migrate", "a schema migration with alembic, as the runbook runs it (docker compose run --rm migrations"
                        + " alembic upgrade head): notes the revision before and after, the command, its duration and output")
                        .param(required("to", TEXT, MigrationTarget.VALID),
                                choice("direction", false, null, List.of("upgrade", "downgrade"), "upgrade or downgrade (default:"
                                        + " head and +N upgrade, base and -N downgrade, a revision id whichever way leads there)"),
                                SERVICE, DATABASE,
                                optional("timeout", DURATION, Migrations.TIMEOUT, "bound on the migration's run"))
                        .requires(OneOffs.class)
                        .build(a -> {
                            Migrate m = Migrations.migrate(a.text("to")).using(a.text("service")).on(a.text("database"))
                                    .within(a.duration("timeout"));
                            return a.has("direction") ? m.direction(MigrationTarget.Direction.of(a.text("direction"))) : m;
                        }),
                fault("migrate", "a schema migration as part of the fault: a bad release's upgrade scripts (alembic upgrade head through a"
                        + " destructive revision); acts as alembic starts, effective once alembic current moved; undone by migrating back"
                        + " to the revision it found, unless something else (a restore) moved the schema since")
                        .param(required("to", TEXT, MigrationTarget.VALID), SERVICE, DATABASE,
                                optional("timeout", DURATION, Migrations.TIMEOUT, "bound on the migration's run"))
                        .requires(OneOffs.class)
                        .build(a -> new MigrateFault(Migrations.migrate(a.text("to")).using(a.text("service")).on(a.text("database"))
                                .within(a.duration("timeout")))),
                procedure("migration-current", "check alembic current: fails naming the expected and the actual revision")
                        .param(required("expect", TEXT, "the revision: an id (e.g. 0004), head (the newest) or base (none)"),
                                SERVICE, DATABASE)
                        .requires(OneOffs.class)
                        .build(a -> Migrations.current(a.text("expect")).using(a.text("service")).on(a.text("database"))));
    }
}
