package dev.firedrill.release;

import dev.firedrill.ManualClock;
import dev.firedrill.StepFailure;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migration procedures against real PostgreSQL and the real alembic of {@code images/migrations}: the reference
 * release stack ({@code drills/stacks/release.yml}) with only its database, whose service {@code migrations} (profiles:
 * [tools]) is never started and runs as one-offs. Every test starts from an empty database.
 */
@Timeout(600)
class MigrationsIT {

    private static final Pattern TOOK = Pattern.compile(" in (\\d+\\.\\d+) s");

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/release.yml")).only("postgres"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void emptyDatabase() throws SQLException {
        sql("DROP TABLE IF EXISTS entries, alembic_version");
    }

    @Test
    void upgradeHeadFromAnEmptyDatabaseThenOneBackThenTheCheck() throws SQLException {
        assertThat(stack.services()).as("a service with profiles is not started").containsExactly("proxy", "postgres");
        assertThat(stack.oneOffs().services()).contains("migrations");
        Migrations.current("base").run(stack);

        Timeline timeline = new Timeline(new ManualClock());
        String output = Migrations.migrate("head").run(stack, timeline);

        assertThat(output).startsWith("alembic upgrade head (migrations on postgres): base -> 0004 in ")
                .contains("Running upgrade  -> 0001", "Running upgrade 0001 -> 0002", "Running upgrade 0002 -> 0003",
                        "Running upgrade 0003 -> 0004");
        assertThat(timeline.events()).filteredOn(e -> Migrate.NOTE.equals(e.kind())).extracting(TimelineEvent::detail)
                .singleElement().asString().startsWith("alembic upgrade head (migrations on postgres): base -> 0004 in ")
                .contains("Running upgrade 0003 -> 0004");
        Migrations.current("0004").run(stack);
        Migrations.current("head").run(stack);
        assertThat(columns()).containsEntry("currency", "'EUR'::text").doesNotContainKey("created_at");
        assertThat(accountIndexValid()).as("entries_account_idx exists and is valid").isTrue();

        assertThat(Migrations.migrate("-1").run(stack)).startsWith("alembic downgrade -1 (migrations on postgres): 0004 -> 0003 in ");
        Migrations.current("0003").run(stack);
        assertThat(columns()).containsEntry("created_at", "now()").containsKey("currency");

        assertThatThrownBy(() -> Migrations.current("0002").run(stack))
                .isInstanceOf(StepFailure.class).hasMessage("alembic current on postgres is 0003, expected 0002");
    }

    @Test
    void aRevisionIdLeadsEitherWayAndABaselineDowngradeKeepsTheTable() throws SQLException {
        Migrations.migrate("0003").run(stack);
        assertThat(Migrations.migrate("0002").run(stack)).as("0002 is below 0003: a downgrade")
                .startsWith("alembic downgrade 0002 (migrations on postgres): 0003 -> 0002 in ");
        assertThat(accountIndexValid()).as("the index went with 0003").isNull();
        Migrations.migrate("base").run(stack);
        Migrations.current("base").run(stack);
        assertThat(columns()).as("below the baseline nothing is dropped").containsKeys("id", "created_at");
    }

    @Test
    void aTargetAlembicDoesNotKnowFailsTheStepWithAlembicsMessage() {
        Migrations.migrate("0002").run(stack);
        Timeline timeline = new Timeline(new ManualClock());

        assertThatThrownBy(() -> Migrations.migrate("9999").run(stack, timeline))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("alembic upgrade 9999 (migrations on postgres): 0002 -> 0002 in ")
                .hasMessageContaining("FAILED (exit ")
                .hasMessageContaining("Can't locate revision identified by '9999'");
        assertThat(timeline.events()).filteredOn(e -> Migrate.NOTE.equals(e.kind())).singleElement()
                .extracting(TimelineEvent::detail).asString().contains("Can't locate revision identified by '9999'");
        Migrations.current("0002").run(stack);
    }

    @Test
    void theBaselineTakesOverTheTableTheServiceCreatedWithItsRows() throws SQLException {
        // As the service creates it at its start (EntryStore.CREATE_TABLE), before alembic ever ran.
        sql("CREATE TABLE IF NOT EXISTS entries (seq bigserial primary key, id text unique not null, account text, amount bigint,"
                + " created_at timestamptz default now())");
        sql("INSERT INTO entries (id, account, amount) VALUES ('w-1', 'acc-7', 120)");

        Migrations.migrate("0002").run(stack);

        assertThat(query("SELECT id || ' ' || currency FROM entries")).containsExactly("w-1 EUR");
    }

    /**
     * CREATE INDEX CONCURRENTLY cannot run in a transaction block, and does not lock writers out: with a writer's
     * transaction open, the build waits for it (PostgreSQL's progress view says so, naming the command), while other
     * sessions go on writing; once the writer commits, the index is built and valid.
     */
    @Test
    void theIndexIsBuiltConcurrentlyWhileTheTableTakesWrites() throws Exception {
        Migrations.migrate("0002").run(stack);
        try (Connection writer = stack.sql().connect("postgres", "open-writer");
             Connection watcher = stack.sql().connect("postgres", "watcher")) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO entries (id, account, amount) VALUES ('held', 'acc-1', 1)");
            }
            CompletableFuture<String> migration = CompletableFuture.supplyAsync(() -> Migrations.migrate("0003").run(stack));

            assertThat(awaitIndexBuildWaitingForWriters(watcher, migration)).isEqualTo("CREATE INDEX CONCURRENTLY");

            try (Statement st = watcher.createStatement()) {
                st.execute("SET statement_timeout = '5s'");
                st.execute("INSERT INTO entries (id, account, amount) VALUES ('during', 'acc-2', 2)");
            }
            assertThat(migration).as("still waiting for the open writer").isNotDone();

            writer.commit();
            assertThat(migration.get(120, TimeUnit.SECONDS)).startsWith("alembic upgrade 0003 (migrations on postgres): 0002 -> 0003 in ");
        }
        assertThat(accountIndexValid()).isTrue();
        assertThat(query("SELECT id FROM entries ORDER BY id")).containsExactly("during", "held");
    }

    /**
     * The figures of docs/releases.md: {@code alembic upgrade head} on an empty database and on one with 100 000 rows
     * (taken over at 0001), three rounds each; printed, and checked to keep every row.
     */
    @Test
    void upgradeHeadTimings() throws SQLException {
        Migrations.current("base").run(stack);   // the image is built on first use: not part of the figures
        List<String> empty = new ArrayList<>();
        List<String> full = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            emptyDatabase();
            empty.add(timedHead());

            emptyDatabase();
            Migrations.migrate("0001").run(stack);
            sql("INSERT INTO entries (id, account, amount) SELECT 'r-' || g, 'acc-' || (g % 1000), g FROM generate_series(1, 100000) g");
            full.add(timedHead());
            assertThat(query("SELECT count(*) || ' ' || count(*) FILTER (WHERE currency = 'EUR') FROM entries"))
                    .containsExactly("100000 100000");
        }
        System.out.println("MIGRATION TIMINGS alembic upgrade head (the one-off's wall time / the whole step with both"
                + " alembic current): empty database " + empty + "; 100 000 rows " + full);
    }

    /** Runs {@code migrate head}: {@code <the migration's one-off> s / <the whole step> s}. */
    private static String timedHead() {
        long started = System.nanoTime();
        String output = Migrations.migrate("head").run(stack);
        double step = (System.nanoTime() - started) / 1e9;
        Matcher m = TOOK.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1) + " s / " + String.format(java.util.Locale.ROOT, "%.2f s", step);
    }

    /** The command of the index build on entries once it waits for the open writer (a plain CREATE INDEX never gets there). */
    private static String awaitIndexBuildWaitingForWriters(Connection watcher, CompletableFuture<String> migration) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String seen = "no index build";
        while (System.nanoTime() < deadline) {
            if (migration.isDone()) {
                throw new AssertionError("the migration ended before its index build waited for the open writer: " + migration.get());
            }
            try (Statement st = watcher.createStatement();
                 ResultSet rs = st.executeQuery("SELECT command, phase FROM pg_stat_progress_create_index WHERE relid = 'entries'::regclass")) {
                if (rs.next()) {
                    seen = rs.getString(1) + ": " + rs.getString(2);
                    if (rs.getString(2).equals("waiting for writers before build")) {
                        return rs.getString(1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the index build on entries did not wait for the open writer within 120 s; last seen: " + seen);
    }

    private static Map<String, String> columns() throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection c = stack.sql().connect("postgres", "migrations-it"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name, coalesce(column_default, '') FROM information_schema.columns"
                     + " WHERE table_name = 'entries' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.put(rs.getString(1), rs.getString(2));
            }
        }
        return columns;
    }

    /** Whether entries_account_idx is valid; null when there is none. */
    private static Boolean accountIndexValid() throws SQLException {
        List<String> valid = query("SELECT i.indisvalid::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = 'entries_account_idx'");
        return valid.isEmpty() ? null : Boolean.valueOf(valid.get(0));
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = stack.sql().connect("postgres", "migrations-it"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /**
     * The migration as a fault (D20's upgrade script): it acts, reports 0003 -> 0004, and its undo migrates back to 0003;
     * when the schema moved since (a restore), the undo leaves it; a migration that changes nothing is no fault.
     */
    @Test
    void theMigrationAsAFaultIsUndoneBackToTheRevisionItFoundUnlessTheSchemaMovedSince() throws SQLException {
        Migrations.migrate("0003").run(stack);
        List<String> events = new ArrayList<>();
        dev.firedrill.FaultEvents recording = new dev.firedrill.FaultEvents() {
            @Override
            public void accept(dev.firedrill.Injection undo) {
                events.add("undo handed over");
            }

            @Override
            public void acting() {
                events.add("acting");
            }

            @Override
            public void changed(dev.firedrill.ReleaseChange change) {
                events.add(change.detail());
            }

            @Override
            public void willLeave(dev.firedrill.Leftover leftover) {
                events.add("will leave: " + leftover.fields().get("how"));
            }
        };
        MigrateFault upgrade = new MigrateFault(Migrations.migrate("head"));
        dev.firedrill.Injection undo = upgrade.inject(stack, recording);
        Migrations.current("0004").run(stack);
        assertThat(events).containsExactly("will leave: schema of postgres migrated from 0003 by migrate(head)", "acting",
                "undo handed over", "postgres schema: 0003 -> 0004 by migrate(head)");
        undo.close();
        Migrations.current("0003").run(stack);
        assertThat(events).last().isEqualTo("postgres schema: 0004 -> 0003 by undo of migrate(head)");
        undo.close();   // idempotent
        Migrations.current("0003").run(stack);

        dev.firedrill.Injection second = upgrade.inject(stack, recording);
        Migrations.migrate("0002").run(stack);   // the schema moved since: a restore would
        second.close();
        Migrations.current("0002").run(stack);

        Migrations.migrate("head").run(stack);
        assertThatThrownBy(() -> upgrade.inject(stack, recording)).isInstanceOf(dev.firedrill.FaultNotEffectiveException.class)
                .hasMessageContaining("at 0004 already; the migration changes nothing");
    }

    private static void sql(String sql) throws SQLException {
        try (Connection c = stack.sql().connect("postgres", "migrations-it"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
