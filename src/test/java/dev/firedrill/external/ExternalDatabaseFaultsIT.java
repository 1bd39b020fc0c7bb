package dev.firedrill.external;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.Injection;
import dev.firedrill.SafetyRails;
import dev.firedrill.StepRecord;
import dev.firedrill.StopSignal;
import dev.firedrill.Verdict;
import dev.firedrill.external.ExternalSystem;
import dev.firedrill.fault.DataChange;
import dev.firedrill.fault.Faults;
import dev.firedrill.access.Postgres;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import dev.firedrill.spec.DrillPlan;
import dev.firedrill.spec.EndpointsFile;
import dev.firedrill.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * External mode on a database the test starts itself, outside Firedrill (a PostgreSQL container, given to
 * Firedrill only as a {@code jdbc:postgresql} URL on 127.0.0.1 with credentials, no fault proxy): the
 * faults and first-aid procedures that act through SQL sessions act on it, a drill file times a table lock
 * with an {@code sql} probe and recovers with terminate-blockers, every fault's sessions are gone afterwards,
 * and a fault that needs a container is refused before anything starts, naming what applies.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ExternalDatabaseFaultsIT {

    private static final String USER = "shop_owner";
    private static final String PASSWORD = "owner-secret";
    private static final int ROWS = 50;
    private static GenericContainer<?> postgres;

    @TempDir
    Path dir;
    private Path endpoints;
    private ExternalSystem system;

    @BeforeAll
    static void startTheDatabaseOutsideFiredrill() throws Exception {
        postgres = new GenericContainer<>(DockerImageName.parse("firedrill/postgres:15"))
                .withEnv("POSTGRES_USER", USER).withEnv("POSTGRES_PASSWORD", PASSWORD).withEnv("POSTGRES_DB", "shop")
                .withCommand("postgres", "-c", "max_connections=25")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        postgres.start();
        try (Connection c = session("test-setup"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL)");
            st.execute("INSERT INTO orders SELECT g, g FROM generate_series(1, " + ROWS + ") g");
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }

    @BeforeEach
    void endpointsFile() throws Exception {
        endpoints = dir.resolve("endpoints.yml");
        Files.writeString(endpoints, """
                services:
                  shop-db:
                    url: "jdbc:postgresql://127.0.0.1:%d/shop"
                    environment: {POSTGRES_USER: %s, POSTGRES_PASSWORD: %s}
                """.formatted(postgres.getMappedPort(5432), USER, PASSWORD));
        system = EndpointsFile.read(endpoints);
    }

    @AfterEach
    void nothingOfFiredrillIsLeft() throws Exception {
        await("no firedrill session left in pg_stat_activity").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> firedrillSessions().isEmpty());
        assertThat(count("SELECT count(*) FROM orders")).as("rows of orders").isEqualTo(ROWS);
    }

    private static Connection session(String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getMappedPort(5432) + "/shop", p);
    }

    private static long count(String sql, Object... args) throws SQLException {
        try (Connection c = session("test-check"); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sessions of Firedrill (faults, probes, recoveries: application_name firedrill-*), with their state. */
    private static List<String> firedrillSessions() throws SQLException {
        try (Connection c = session("test-check"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT application_name || ' ' || coalesce(state, '') FROM pg_stat_activity"
                     + " WHERE application_name LIKE 'firedrill%'")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private Path drillFile(String name, String faults, String recovery, String extra) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                id: X-EXT-DB
                title: Table lock on an external database
                suites: [regression]
                steady-state:
                  probes: [{probe: sql, name: orders, service: shop-db, query: "SELECT count(*) FROM orders", timeout: 1s}]
                faults:
                  %s
                hold: 3s
                recovery:
                  %s
                settle: 1s
                after-window: 1s
                objectives:
                  - {objective: detection, path: orders, within: 15s}
                  - {objective: ttr, path: orders, max: 30s}
                safety: {allow: [shop-db]}
                %s
                """.formatted(faults, recovery, extra));
        return file;
    }

    private static DrillRunner runner(SafetyRails rails) {
        return new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> { }).withSafety(rails);
    }

    @Test
    void aTableLockDrillFileRunsOnTheExternalDatabaseAndTerminateBlockersEndsIt() throws Exception {
        DrillFile file = DrillFiles.read(drillFile("lock.yml",
                "- {kind: lock-table, target: shop-db, table: orders, holding: DELETE FROM orders}",
                "- {procedure: terminate-blockers, target: shop-db}", ""));
        DrillPlan.DryRun dry = DrillPlan.dryRun(file, system, StopSignal.never());
        assertThat(dry.wouldRun()).as(dry.text()).isTrue();
        assertThat(dry.text()).contains("applies: inject lockTable(shop-db, orders, ACCESS EXCLUSIVE)").contains("applies: recover terminateBlockers(shop-db)");
        assertThat(firedrillSessions()).as("the dry run opened nothing").isEmpty();

        DrillResult result = runner(file.safety()).execute(file.drill(), system);

        assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
        assertThat(result.steps()).extracting(StepRecord::name)
                .containsExactly("inject lockTable(shop-db, orders, ACCESS EXCLUSIVE)", "terminateBlockers(shop-db)");
        assertThat(result.steps().get(1).output()).startsWith("terminated 1 blocking session(s)").contains("'firedrill-lock-holder'");
        var orders = result.measurements().recovery("orders").orElseThrow();
        assertThat(orders.detection()).as("the probe's query waited for the lock and failed").isNotNull();
        System.out.println("External database, table lock: detection " + orders.detection() + ", time to recover " + orders.ttr()
                + ", rto " + orders.rto());
    }

    @Test
    void theSqlWriterWarmsUpAndAccountsForEveryWriteThroughALockOnItsOwnTable() throws Exception {
        Path drill = Files.writeString(dir.resolve("writer.yml"), """
                id: X-EXT-WRITER
                title: Canary writes through a lock on their table
                steady-state:   # the table exists once the writer has started: the probe is steady after that
                  probes: [{probe: sql, name: canary, service: shop-db, query: "SELECT count(*) FROM drill_canary", timeout: 1s}]
                workload: {writer: sql, service: shop-db, table: drill_canary, warm-up: 4s, timeout: 1s}
                faults: [{kind: lock-table, target: shop-db, table: drill_canary, holding: DELETE FROM drill_canary}]
                hold: 3s
                recovery: [{procedure: terminate-blockers, target: shop-db}]
                settle: 1s
                after-window: 2s
                objectives:
                  - {objective: ttr, path: canary, max: 30s}
                  - {objective: no-acknowledged-writes-lost}
                safety: {allow: [shop-db]}
                """);
        DrillFile file = DrillFiles.read(drill);

        DrillResult result = runner(file.safety()).execute(file.drill(), system);

        assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
        var ledger = result.measurements().ledger();
        assertThat(ledger.acknowledgedBeforeDisruption()).as("4 s of warm-up at one write per 100 ms").isGreaterThanOrEqualTo(30);
        assertThat(ledger.acknowledged()).isGreaterThan(ledger.acknowledgedBeforeDisruption());
        assertThat(ledger.lost()).as("every acknowledged canary row is in the table").isEmpty();
        assertThat(ledger.failed() + ledger.indeterminate()).as("the writes the lock stalled").isPositive();
        assertThat(count("SELECT count(*) FROM drill_canary")).isGreaterThanOrEqualTo(ledger.acknowledged());
        System.out.println("External database, SQL writer through a lock: " + ledger.acknowledgedBeforeDisruption()
                + " acknowledged before the disruption, " + ledger.acknowledged() + " in all, " + ledger.indeterminate()
                + " indeterminate, " + ledger.failed() + " failed, " + ledger.lost().size() + " lost");
    }

    @Test
    void theSqlFaultsAndFirstAidProceduresActOnTheExternalDatabaseAndAreUndone() throws Exception {
        // idle in transaction: shown in pg_stat_activity, then terminated by the runbook's "kill idle connections"
        Injection idle = Faults.idleInTransaction("shop-db", 4).inject(system);
        try {
            assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-idle-in-transaction'"
                    + " AND state = 'idle in transaction'")).isEqualTo(4);
            Thread.sleep(1200);
            String out = Recoveries.terminateIdleSessions("shop-db", Duration.ofSeconds(1)).sparing("test-check").run(system);
            assertThat(out).startsWith("terminated 4 idle session(s) older than 1 s");
        } finally {
            idle.close();
            idle.close();
        }

        // a long query: active, cancelled by its undo
        Injection query = Faults.longQuery("shop-db", Duration.ofMinutes(5)).inject(system);
        assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-long-query' AND state = 'active'"))
                .isEqualTo(1);
        long undoStart = System.nanoTime();
        query.close();
        assertThat(Duration.ofNanos(System.nanoTime() - undoStart)).as("cancelled, not sat out").isLessThan(Duration.ofSeconds(60));

        // connection exhaustion as an ordinary role: new connections of that role refused; the owner still gets in
        Injection exhaustion = Faults.exhaustConnections("shop-db").asRole("shop_app").inject(system);
        try {
            assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-exhaustion'"))
                    .isGreaterThanOrEqualTo(15);
        } finally {
            exhaustion.close();
        }
        await("exhaustion's sessions closed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'firedrill-exhaustion%'") == 0);

        // bad migration: committed, at a recorded instant (the test puts the rows back: a bad migration has no undo)
        DataChange change = Faults.badMigration("shop-db", "orders", "amount % 10 = 0").inject(system);
        try {
            assertThat(change.rows()).isEqualTo(ROWS / 10);
            assertThat(count("SELECT count(*) FROM orders")).isEqualTo(ROWS - ROWS / 10);
        } finally {
            try (Connection c = session("test-setup"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO orders SELECT g, g FROM generate_series(1, " + ROWS + ") g ON CONFLICT DO NOTHING");
            }
        }

        // pause-replay applies (SQL only) and says plainly that this server is no standby
        assertThatThrownBy(() -> Faults.pauseReplay("shop-db").inject(system)).hasMessageContaining("'shop-db' is not a standby");
    }

    /**
     * A database behind a fault proxy: clients reach it through the proxy (its url), the harness's own SQL sessions
     * at its admin-url (the server itself), so that while {@code down} cuts the clients' path a SQL fault still acts.
     * Without an admin-url the harness's sessions share the clients' path and are cut too (as documented).
     */
    @Test
    void withAnAdminUrlTheSqlFaultsActWhileTheProxyPathIsDown() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.builder().start()) {
            String listen = new ToxiproxyClient("127.0.0.1", server.apiPort())
                    .createProxy("shop-db", "127.0.0.1:0", "127.0.0.1:" + postgres.getMappedPort(5432)).getListen();
            String direct = "jdbc:postgresql://127.0.0.1:" + postgres.getMappedPort(5432) + "/shop";
            String endpointsText = """
                    fault-proxy: %s
                    services:
                      shop-db:
                        url: "jdbc:postgresql://%s/shop"
                        proxy: shop-db
                        environment: {POSTGRES_USER: %s, POSTGRES_PASSWORD: %s}
                    """.formatted(server.apiUrl(), listen, USER, PASSWORD);
            ExternalSystem withAdmin = EndpointsFile.parse(dir.resolve("proxied.yml"),
                    endpointsText + "    admin-url: \"" + direct + "\"\n");
            ExternalSystem withoutAdmin = EndpointsFile.parse(dir.resolve("proxied-no-admin.yml"), endpointsText);

            try (Injection down = Faults.down("shop-db").inject(withAdmin)) {
                Properties p = new Properties();
                p.setProperty("user", USER);
                p.setProperty("password", PASSWORD);
                p.setProperty("connectTimeout", "2");
                assertThatThrownBy(() -> DriverManager.getConnection(withAdmin.capability(dev.firedrill.capability.SqlSessions.class).orElseThrow().clientUrl("shop-db", 5432), p).close())
                        .as("a client through the proxy is cut").isInstanceOf(SQLException.class);

                try (Injection idle = Faults.idleSessions("shop-db", 3).inject(withAdmin)) {
                    assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'firedrill-idle'"))
                            .as("idle sessions, opened at the admin url while the proxy is down").isEqualTo(3);
                }
                assertThatThrownBy(() -> Faults.idleSessions("shop-db", 3).inject(withoutAdmin))
                        .as("without an admin url the harness's session goes through the proxy, which is down")
                        .hasMessageStartingWith("idleSessions(shop-db, 3 sessions): could not open session 1 of 3 on service 'shop-db'")
                        .hasMessageContaining("Connection to " + listen + " refused");
            }
        }
    }

    @Test
    void aFaultNeedingAContainerIsRefusedBeforeAnythingStartsNamingWhatApplies() throws Exception {
        DrillFile kill = DrillFiles.read(drillFile("kill.yml", "- {kind: kill, target: shop-db}",
                "- {procedure: restart, target: shop-db}", ""));

        DrillPlan.DryRun dry = DrillPlan.dryRun(kill, system, StopSignal.never());
        assertThat(dry.wouldRun()).isFalse();
        assertThat(dry.text()).contains("the system offers: SqlSessions")
                .contains("DOES NOT APPLY: inject kill(shop-db) (needs ServiceProcesses): kill(shop-db) needs the capability ServiceProcesses,"
                        + " which the external system does not offer; it offers SqlSessions")
                .contains("DOES NOT APPLY: recover restart(shop-db) (needs ServiceProcesses): restart(shop-db) needs the capability")
                .contains("on this system (it offers SqlSessions) these kinds apply:")
                .contains("faults: lock-table, idle-in-transaction, idle-sessions, exhaust-connections, long-query, pause-replay,"
                        + " redis-memory-full, bad-migration")
                .contains("procedures: health-checks, terminate-blockers, terminate-idle-sessions, set-eviction-policy, revert-faults,"
                        + " wait-until, promote-replica, ready, script");

        DrillResult refused = runner(kill.safety()).execute(kill.drill(), system);

        assertThat(refused.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(refused.reason()).startsWith("drill does not apply to this system, nothing was injected")
                .contains("1 of 1 faults cannot act on it: kill(shop-db): kill(shop-db) needs the capability ServiceProcesses")
                .contains("1 of 1 recovery steps cannot act on it: restart(shop-db): restart(shop-db) needs the capability ServiceProcesses")
                .contains("it offers SqlSessions");
        assertThat(refused.steps()).isEmpty();
        assertThat(firedrillSessions()).as("not even a probe session was opened").isEmpty();
    }
}
