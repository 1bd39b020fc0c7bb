package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Database faults on a real PostgreSQL: locks, idle sessions, exhaustion, long queries, a bad migration. */
@Timeout(60)
class DatabaseFaultsIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() throws Exception {
        stack = ReferenceStack.start("postgres");
        try (Connection db = stack.sql().connect("postgres", "it-setup"); Statement st = db.createStatement()) {
            st.execute("CREATE TABLE it_lock(id int)");
            st.execute("CREATE TABLE it_quiet(id int)");
            st.execute("CREATE TABLE it_rows(id int)");
            st.execute("INSERT INTO it_lock SELECT generate_series(1, 10)");
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void lockTableMakesWritersWaitAndUndoLetsThemThroughWithoutTheHoldersWork() throws Exception {
        try (Connection writer = stack.sql().connect("postgres", "it-writer"); Connection control = control()) {
            Injection lock = Faults.lockTable("postgres", "it_lock").holding("DELETE FROM it_lock").verifyWithin(ofSeconds(15))
                    .inject(stackWithWriter(writer));
            try {
                assertThat(Postgres.count(control, "SELECT count(*) FROM pg_locks WHERE relation = 'it_lock'::regclass AND NOT granted")).isPositive();
            } finally {
                lock.close();
            }
            await("the waiting insert commits").atMost(ofSeconds(10))
                    .until(() -> Postgres.count(control, "SELECT count(*) FROM it_lock") == 11);
        }
    }

    /** Starts an insert that will wait for the lock; returns the stack for chaining. */
    private static Stack stackWithWriter(Connection writer) {
        CompletableFuture.runAsync(() -> {
            try (Statement st = writer.createStatement()) {
                // give the fault time to take the lock first
                st.execute("SELECT pg_sleep(0.5)");
                st.execute("INSERT INTO it_lock VALUES (11)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return stack;
    }

    /** The sql probe on a stack: successes, a statement timeout (SQLSTATE 57014) while a lock holds its table, successes again after. */
    @Test
    void theSqlProbeTimesAQueryAndFailsWhileALockHoldsItsTable() throws Exception {
        try (Connection control = control(); Statement st = control.createStatement()) {
            st.execute("CREATE TABLE it_probed(id int)");
        }
        dev.firedrill.Timeline timeline = new dev.firedrill.Timeline(dev.firedrill.HarnessClock.system());
        dev.firedrill.Probe probe = new dev.firedrill.measure.SqlProbe("probed", "postgres", 5432, "SELECT count(*) FROM it_probed", ofSeconds(1))
                .apply(stack);
        try (dev.firedrill.Probe.Running running = probe.start(timeline)) {
            await("successes").atMost(ofSeconds(20))
                    .until(() -> timeline.observations("probed").stream().filter(dev.firedrill.Observation::success).count() >= 3);
            Injection lock = Faults.lockTable("postgres", "it_probed").verifyWithin(ofSeconds(15)).inject(stack);
            try {
                await("a failure while locked").atMost(ofSeconds(15)).until(() -> timeline.observations("probed").stream()
                        .anyMatch(o -> !o.success() && o.detail().contains("SQLSTATE 57014")));
            } finally {
                lock.close();
            }
            int seen = timeline.observations("probed").size();
            await("a success again").atMost(ofSeconds(15))
                    .until(() -> timeline.observations("probed").stream().skip(seen).anyMatch(dev.firedrill.Observation::success));
        }
        try (Connection control = control()) {
            await("probe session closed").atMost(ofSeconds(5)).until(() -> Postgres.count(control,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", dev.firedrill.measure.SqlProbe.APPLICATION_NAME) == 0);
        }
    }

    @Test
    void aLockNobodyWaitsForIsNotEffectiveAndIsReleased() throws Exception {
        assertThatThrownBy(() -> Faults.lockTable("postgres", "it_quiet").verifyWithin(ofSeconds(1)).inject(stack))
                .isInstanceOf(FaultNotEffectiveException.class)
                .hasMessageContaining("no session waiting for 'it_quiet'");
        try (Connection control = control()) {
            await("holder gone").atMost(ofSeconds(5)).until(() -> Postgres.count(control,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", LockTableFault.APPLICATION_NAME) == 0);
        }
    }

    @Test
    void lockingAnUnknownTableNamesTheTablesThereAre() {
        assertThatThrownBy(() -> Faults.lockTable("postgres", "nosuch").inject(stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no table 'nosuch'").hasMessageContaining("public.it_lock");
    }

    @Test
    void idleInTransactionSessionsShowAndGo() throws Exception {
        try (Connection control = control()) {
            try (Injection idle = Faults.idleInTransaction("postgres", 3).inject(stack)) {
                assertThat(Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'"
                        + " AND application_name LIKE 'firedrill-idle%'")).isEqualTo(3);
            }
            await("sessions closed").atMost(ofSeconds(5)).until(() -> Postgres.count(control,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'firedrill-idle%'") == 0);
        }
    }

    @Test
    void exhaustionRefusesNewConnectionsAndTerminatesTheNamedClient() throws Exception {
        Connection client = stack.sql().connect("postgres", "it-client");
        try (Injection full = Faults.exhaustConnections("postgres").terminating("it-client").inject(stack)) {
            assertThatThrownBy(() -> client.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> stack.sql().connect("postgres", "it-late").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("too many clients");
        } finally {
            Postgres.closeQuietly(client);
        }
        await("connections accepted again").atMost(ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Connection again = control()) {
                return again.isValid(2);
            }
        });
    }

    /**
     * A client that reconnects the moment it can, as a connection pool does, stays shut out: PostgreSQL before 18
     * lists a session only once it has authenticated, so an attempt that took a slot while the fault filled them is
     * invisible to the fault's first look and gets in afterwards unless the fault keeps watching; and while eight
     * threads keep trying, their attempts hold the last free slots as they authenticate, so that an ordinary role
     * never gets those. Several rounds, because each round is one chance for those races.
     */
    @Test
    @Timeout(150)
    void exhaustionShutsOutAClientThatKeepsReconnecting() throws Exception {
        try (Connection control = control(); Statement st = control.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'it_eager') THEN"
                    + " CREATE ROLE it_eager LOGIN NOSUPERUSER PASSWORD 'eager-secret'; END IF; END $$");
        }
        try (ReconnectingClient eager = new ReconnectingClient(stack, "it-eager", "it_eager", "eager-secret", 8);
             Connection control = control()) {
            long unreserved = Postgres.count(control, "SELECT sum(CASE name WHEN 'max_connections' THEN setting::bigint ELSE -setting::bigint END)"
                    + " FROM pg_settings WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')");
            for (int round = 1; round <= 3; round++) {
                await("the client connected (round " + round + ")").atMost(ofSeconds(15)).until(() -> eagerSessions(control) > 0);
                try (Injection full = Faults.exhaustConnections("postgres").asRole("it_idle").terminating("it-eager").inject(stack)) {
                    long watchUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                    while (System.nanoTime() - watchUntil < 0) {
                        assertThat(eagerSessions(control)).as("sessions of the reconnecting client, round %d", round).isZero();
                        assertThat(Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"))
                                .as("client sessions, leaving the superuser-reserved slots free").isEqualTo(unreserved);
                        Thread.sleep(50);
                    }
                }
            }
            assertThat(eager.failedAttempts()).as("refused attempts of the reconnecting client").isPositive();
        }
    }

    private static long eagerSessions(Connection control) throws SQLException {
        return Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'it-eager'");
    }

    @Test
    void longQueryRunsUntilUndone() throws Exception {
        try (Connection control = control()) {
            Injection query = Faults.longQuery("postgres", ofSeconds(300)).inject(stack);
            assertThat(Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%' AND state = 'active'"
                    + " AND application_name = 'firedrill-long-query'")).isEqualTo(1);
            long start = System.nanoTime();
            query.close();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            await("query ended").atMost(ofSeconds(5)).until(() -> Postgres.count(control,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-long-query'") == 0);
        }
    }

    @Test
    void badMigrationDeletesRowsAtARecordedInstant() throws Exception {
        try (Connection control = control(); Statement st = control.createStatement()) {
            st.execute("INSERT INTO it_rows SELECT generate_series(1, 10)");
            Instant before = Instant.now().minusSeconds(5);
            DataChange change = Faults.badMigration("postgres", "it_rows", "id % 2 = 0").inject(stack);
            assertThat(change.rows()).isEqualTo(5);
            assertThat(change.before()).isAfter(before);
            assertThat(change.walPositionBefore()).contains("/");
            assertThat(Postgres.count(control, "SELECT count(*) FROM it_rows")).isEqualTo(5);
            assertThatThrownBy(() -> Faults.badMigration("postgres", "it_rows", "id > 1000").inject(stack))
                    .isInstanceOf(FaultNotEffectiveException.class).hasMessageContaining("deleted no row");
        }
    }

    private static Connection control() throws SQLException {
        return stack.sql().connect("postgres", "it-control");
    }
}
