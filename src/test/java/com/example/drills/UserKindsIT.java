package com.example.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.StepRecord;
import dev.firedrill.StopSignal;
import dev.firedrill.Verdict;
import dev.firedrill.kind.Kinds;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFileCommands;
import dev.firedrill.spec.DrillFileSchema;
import dev.firedrill.spec.DrillFiles;
import dev.firedrill.spec.DrillPlan;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kinds of a user's own, added by a provider on the test classpath and nothing else: a YAML drill file naming the
 * fault {@code revoke-insert} and the probe {@code tcp-connect} runs on the reference stack's PostgreSQL and passes,
 * the fault having acted (the role's inserts refused, seen by an SQL probe) and been undone (the role inserts again),
 * while every TCP connect to the database succeeded; the schema generated from the kinds on the classpath and
 * {@code ./drill list --kinds} both know the two kinds.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UserKindsIT {

    private static final String ROLE = "app_writer";
    private static final String ROLE_PASSWORD = "writer-secret";

    @Test
    void aDrillFileOfTheUsersOwnKindsRunsOnARealStackAndPassesWithTheFaultHavingActed() throws Exception {
        DrillFile file = DrillFiles.read(resource("payments-insert-revoked.yml"));
        StackDefinition definition = StackDefinition.load(file.stack().compose().stream().map(projectDir()::resolve).toList())
                .only(file.stack().services().toArray(String[]::new));

        try (Stack stack = Stack.start(definition)) {
            givenTheApplicationsRoleMayInsertIntoItsTable(stack);
            DrillPlan.DryRun dry = DrillPlan.dryRun(file, null, StopSignal.never());
            assertThat(dry.wouldRun()).as(dry.text()).isTrue();
            assertThat(DrillPlan.of(file)).contains("inject revokeInsert(postgres, payments from app_writer)")
                    .contains("start the probes [tcp-connect postgres-port(postgres:5432), app-insert(sql on postgres)]")
                    .contains("requires: SqlSessions (revoke-insert)");

            DrillResult result = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, recording) -> { })
                    .withSafety(file.safety()).execute(file.drill(), stack);

            assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
            assertThat(result.steps()).extracting(StepRecord::name, StepRecord::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("inject revokeInsert(postgres, payments from app_writer)", "passed"),
                    org.assertj.core.groups.Tuple.tuple("revert faults", "passed"));
            var refused = result.measurements().recovery("app-insert").orElseThrow();
            assertThat(refused.failed()).as("the role's inserts were refused while the fault held").isTrue();
            assertThat(refused.recovered()).isTrue();
            var port = result.measurements().recovery("postgres-port");
            assertThat(port.map(m -> m.failures()).orElse(0)).as("every TCP connect to the database succeeded").isZero();
            System.out.println("revoke-insert: detection " + refused.detection() + ", time to recover " + refused.ttr()
                    + ", outage " + refused.failedTotal());

            assertThat(insertsAsTheRole(stack)).as("the fault's undo granted INSERT again").isEqualTo(1);
        }
    }

    @Test
    void theSchemaAndTheKindsListingOfTheClasspathKnowBothKinds() {
        String schema = DrillFileSchema.text(Kinds.onClasspath());
        assertThat(schema).contains("\"const\" : \"revoke-insert\"").contains("\"const\" : \"tcp-connect\"");
        assertThat(DrillFileSchema.text(Kinds.onClasspath().builtIn())).doesNotContain("revoke-insert").doesNotContain("tcp-connect");

        String listing = listKinds();
        assertThat(listing).containsPattern("  revoke-insert +the role loses INSERT on a table")
                .containsPattern("\\(from\\) +com\\.example\\.drills\\.RevokeInsertFault\\$Provider")
                .containsPattern("  tcp-connect +a TCP connect to a service's port must succeed")
                .containsPattern("\\(from\\) +com\\.example\\.drills\\.TcpConnectProbe\\$Provider");
    }

    /** The table and the role the drill is about, as the application's migrations would have left them. */
    private static void givenTheApplicationsRoleMayInsertIntoItsTable(Stack stack) throws SQLException {
        try (Connection c = stack.sql().connect("postgres", "example-setup"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS payments (id bigserial PRIMARY KEY, amount integer NOT NULL)");
            st.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "';"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("GRANT SELECT, INSERT ON payments TO " + ROLE);
            st.execute("GRANT USAGE ON SEQUENCE payments_id_seq TO " + ROLE);
        }
    }

    /** Inserts a payment logged in as the role itself; the rows inserted. */
    private static int insertsAsTheRole(Stack stack) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", ROLE);
        login.setProperty("password", ROLE_PASSWORD);
        String url = stack.sql().directUrl("postgres");
        try (Connection c = DriverManager.getConnection(url, login); Statement st = c.createStatement()) {
            return st.executeUpdate("INSERT INTO payments (amount) VALUES (42)");
        }
    }

    /** What {@code ./drill list --kinds} prints. */
    private static String listKinds() {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            DrillFileCommands.main(new String[]{"list", "--kinds"});
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(UserKindsIT.class.getResource(name).toURI());
    }

    private static Path projectDir() {
        String dir = System.getProperty("firedrill.project.dir", "");
        return dir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }
}
