package dev.firedrill.spec;

import dev.firedrill.Endpoint;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.external.ExternalSystem;
import dev.firedrill.fault.Faults;
import dev.firedrill.recovery.Backups;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoints files (external mode): what they read into, and mistakes named with file, line, column and field. */
class EndpointsFileTest {

    private static ExternalSystem parse(String text) {
        return EndpointsFile.parse(Path.of("my-endpoints.yml"), text);
    }

    @Test
    void readsServicesAndTheFaultProxy() {
        ExternalSystem system = parse("""
                fault-proxy: 127.0.0.1:8474
                services:
                  ledger: {url: "http://127.0.0.1:18080", proxy: ledger}
                  postgres: {url: "jdbc:postgresql://127.0.0.1:15432/ledger", proxy: postgres, environment: {POSTGRES_USER: ledger}}
                  redis: {url: "redis://127.0.0.1:16379"}
                """);
        assertThat(system.capability(FaultProxy.class).map(FaultProxy::api)).contains(new Endpoint("127.0.0.1", 8474));
        assertThat(system.services()).containsExactly("ledger", "postgres", "redis");
        assertThat(system.endpoint("ledger", 8080)).isEqualTo(new Endpoint("127.0.0.1", 18080));
        assertThat(system.endpoint("postgres", 5432)).isEqualTo(new Endpoint("127.0.0.1", 15432));
        assertThat(system.protocol("postgres")).contains("postgres");
        assertThat(system.protocol("redis")).contains("redis");
        assertThat(system.environment("postgres")).containsEntry("POSTGRES_USER", "ledger");
        assertThat(system.capability(FaultProxy.class).orElseThrow().frontedServices()).containsExactly("ledger", "postgres");
        assertThat(system.capabilities()).containsExactly(FaultProxy.class, SqlSessions.class);
        assertThatThrownBy(() -> system.endpoint("cache", 6379)).hasMessage("the external system has no service 'cache'; its services: [ledger, postgres, redis]");
    }

    @Test
    void networkFaultsApplyWhereAProxyFrontsTheTargetAndOthersSaySoPlainly() {
        ExternalSystem system = parse("""
                fault-proxy: http://127.0.0.1:8474
                services:
                  ledger: {url: "http://127.0.0.1:18080", proxy: ledger}
                  redis: {url: "redis://127.0.0.1:16379"}
                """);
        Faults.latency("ledger", Duration.ofMillis(100)).validate(system);
        Faults.down("ledger").validate(system);
        assertThatThrownBy(() -> Faults.down("redis").validate(system))
                .hasMessage("down(redis) does not apply: no proxy of the fault proxy fronts 'redis' (give 'proxy' for it in the endpoints file); valid targets are [ledger]");
        assertThatThrownBy(() -> Faults.kill("ledger").validate(system))
                .hasMessage("kill(ledger) needs the capability ServiceProcesses, which the external system does not offer; it offers FaultProxy"
                        + " (an external system is reached through its endpoints only; drill it in a container stack for this)");
        ExternalSystem noProxy = new ExternalSystem(Optional.empty(), Map.of("ledger",
                new ExternalSystem.Service("ledger", java.net.URI.create("http://127.0.0.1:18080"), Optional.of("ledger"), Map.of())));
        assertThatThrownBy(() -> Faults.blackhole("ledger").validate(noProxy)).hasMessage("blackhole(ledger, data dropped, connections held, both) needs the capability FaultProxy,"
                + " which the external system does not offer; it offers none (give the Toxiproxy API in front of its services as fault-proxy"
                + " in the endpoints file)");
    }

    @Test
    void faultsActingThroughSqlSessionsApplyToAJdbcPostgresServiceAndContainerFaultsListWhatApplies() {
        ExternalSystem system = parse("""
                fault-proxy: http://127.0.0.1:8474
                services:
                  ledger: {url: "http://127.0.0.1:18080", proxy: ledger}
                  db: {url: "jdbc:postgresql://127.0.0.1:15432/ledger?sslmode=disable", environment: {POSTGRES_USER: ledger, POSTGRES_PASSWORD: s3cret}}
                """);
        for (dev.firedrill.Fault fault : List.of(Faults.lockTable("db", "entries"), Faults.longQuery("db", Duration.ofSeconds(5)),
                Faults.idleSessions("db", 3), Faults.idleInTransaction("db", 3), Faults.exhaustConnections("db"),
                Faults.badMigration("db", "entries", "amount > 0"), Faults.pauseReplay("db"))) {
            fault.validate(system);
        }
        assertThat(system.require(SqlSessions.class, "a test").directUrl("db")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/ledger?sslmode=disable");
        assertThatThrownBy(() -> Faults.lockTable("ledger", "entries").validate(system))
                .hasMessage("lockTable(ledger, entries, ACCESS EXCLUSIVE) applies to a PostgreSQL service the harness can open SQL sessions to;"
                        + " 'ledger' is not one; valid targets are [db]");
        assertThatThrownBy(() -> Faults.idleSessions("cache", 2).validate(system))
                .hasMessageStartingWith("idleSessions(cache, 2 sessions): the external system has no service 'cache'; its services: [db, ledger]");
        assertThatThrownBy(() -> Faults.kill("db").validate(system))
                .hasMessage("kill(db) needs the capability ServiceProcesses, which the external system does not offer;"
                        + " it offers FaultProxy, SqlSessions (an external system is reached through its endpoints only; drill it in a"
                        + " container stack for this)");
        dev.firedrill.recovery.Recoveries.terminateBlockers("db").validate(system);
        dev.firedrill.recovery.Recoveries.terminateIdleSessions("db", Duration.ofSeconds(5)).validate(system);
        assertThatThrownBy(() -> dev.firedrill.recovery.Recoveries.terminateBlockers("ledger").validate(system))
                .hasMessageContaining("applies to a PostgreSQL service").hasMessageEndingWith("valid targets are [db]");
        for (dev.firedrill.Recovery step : List.of(dev.firedrill.recovery.Recoveries.restart("db"),
                dev.firedrill.recovery.Recoveries.healPartition("db"), dev.firedrill.recovery.Recoveries.restoreLatestBackup("db"))) {
            assertThatThrownBy(() -> system.requireAll(step.requires(), step.name())).as(step.name())
                    .hasMessageContaining(step.name() + " needs the capabilit").hasMessageContaining("it offers FaultProxy, SqlSessions")
                    .hasMessageEndingWith("(an external system is reached through its endpoints only; drill it in a container stack for this)");
            assertThatThrownBy(() -> step.run(system)).as(step.name()).hasMessageContaining("which the external system does not offer");
        }
        assertThatThrownBy(() -> Faults.fillVolume("db").validate(system)).hasMessageContaining("needs the capability ServiceFiles");
    }

    /** A database behind a proxy: clients use its url, the harness's own SQL sessions its admin-url (the server itself). */
    @Test
    void theHarnessSessionsUseTheAdminUrlAndClientsTheUrl() {
        ExternalSystem system = parse("""
                fault-proxy: http://127.0.0.1:8474
                services:
                  db: {url: "jdbc:postgresql://127.0.0.1:15432/shop", proxy: db, admin-url: "jdbc:postgresql://127.0.0.1:5432/shop"}
                  plain: {url: "jdbc:postgresql://127.0.0.1:25432/shop"}
                """);
        assertThat(system.require(SqlSessions.class, "a test").directUrl("db")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/shop");
        assertThat(system.require(SqlSessions.class, "a test").clientUrl("db", 5432)).isEqualTo("jdbc:postgresql://127.0.0.1:15432/shop");
        assertThat(system.endpoint("db", 5432)).isEqualTo(new Endpoint("127.0.0.1", 15432));
        assertThat(system.require(SqlSessions.class, "a test").directUrl("plain")).isEqualTo("jdbc:postgresql://127.0.0.1:25432/shop");

        assertThatThrownBy(() -> parse("""
                services:
                  web: {url: "http://127.0.0.1:18080", admin-url: "jdbc:postgresql://127.0.0.1:5432/shop"}
                """)).hasMessageContaining("my-endpoints.yml:2:8: services.web.admin-url: service 'web': an admin url is for a PostgreSQL service")
                .hasMessageContaining("both url and admin url must be jdbc:postgresql://host:port/db, got http://127.0.0.1:18080");
        assertThatThrownBy(() -> parse("""
                services:
                  db: {url: "jdbc:postgresql://127.0.0.1:15432/shop", admin-url: "redis://127.0.0.1:6379"}
                """)).hasMessageContaining("services.db.admin-url:").hasMessageContaining("and redis://127.0.0.1:6379");
        assertThatThrownBy(() -> parse("""
                services:
                  db: {url: "jdbc:postgresql://127.0.0.1:15432/shop", admin-url: "jdbc:postgresql://db-host/shop"}
                """)).hasMessageContaining("services.db.admin-url:").hasMessageContaining("must name a host and a port");
    }

    /** The example of docs/drill-files.md ("External mode"): both files read, and the dry run says the drill applies. */
    @Test
    void theDocumentedExternalDatabaseExampleReadsAndApplies() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("docs/drill-files.md"));
        ExternalSystem system = parse(yamlBlock(doc, "# endpoints.yml"));
        DrillFile file = DrillFiles.parse(Path.of("shop-table-lock.yml"), yamlBlock(doc, "# drills/shop-table-lock.yml"));
        DrillPlan.DryRun dry = DrillPlan.dryRun(file, system, dev.firedrill.StopSignal.never());
        assertThat(dry.wouldRun()).as(dry.text()).isTrue();
        assertThat(dry.text()).contains("applies: inject lockTable(shop-db, orders, ACCESS EXCLUSIVE)")
                .contains("applies: recover terminateBlockers(shop-db)");
        assertThat(DrillPlan.of(file, true)).contains(" 1. use the external system of the endpoints file: nothing is started")
                .doesNotContain("start the stack");
        assertThat(DrillPlan.of(file)).contains(" 1. start the stack docker-compose.drill.yml");
    }

    /** Backups, replicas and snapshots act on containers: on an external system they are refused before anything runs. */
    @Test
    void preparationsNeedingAContainerStackAreRefusedByTheDryRun() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("docs/drill-files.md"));
        ExternalSystem system = parse(yamlBlock(doc, "# endpoints.yml"));
        for (dev.firedrill.Preparation p : List.of(Backups.logical("shop-db"), Backups.base("shop-db"),
                Backups.streamingReplica("shop-db-replica", "shop-db"), Backups.redisSnapshot("shop-db"))) {
            assertThatThrownBy(() -> system.requireAll(p.requires(), p.name())).as(p.name())
                    .hasMessageStartingWith(p.name() + " needs the capabilit").hasMessageContaining("which the external system does not offer");
        }
        Backups.recoveryTarget("shop-db").validate(system);   // it marks the time through an SQL session: it applies anywhere
        dev.firedrill.recovery.Recoveries.script("drills/scripts/dr-drill.sh").validate(system);   // on the host: applies anywhere
        assertThatThrownBy(() -> dev.firedrill.recovery.Recoveries.script("drills/scripts/dr-drill.sh").in("shop-db").validate(system))
                .hasMessageContaining("needs the capability ServiceCommands, which the external system does not offer");
        DrillFile file = DrillFiles.parse(Path.of("shop-table-lock.yml"), yamlBlock(doc, "# drills/shop-table-lock.yml")
                + "preparations: [{kind: logical-backup, target: shop-db}]\n");
        DrillPlan.DryRun dry = DrillPlan.dryRun(file, system, dev.firedrill.StopSignal.never());
        assertThat(dry.wouldRun()).as(dry.text()).isFalse();
        assertThat(dry.text()).contains("the system offers: SqlSessions")
                .contains("DOES NOT APPLY: prepare logical backup(shop-db) (needs Network, OneOffs, ServiceFiles): logical backup(shop-db)"
                        + " needs the capabilities Network, OneOffs, ServiceFiles, which the external system does not offer; it offers SqlSessions")
                .contains("applies: inject lockTable(shop-db, orders, ACCESS EXCLUSIVE) (needs SqlSessions)");
    }

    /** The runnable example of README.md (examples/external): its files read, and its drill applies to its system. */
    @Test
    void theRunnableExternalExampleReadsAndItsDrillApplies() {
        ExternalSystem system = EndpointsFile.read(Path.of("examples/external/endpoints.yml"));
        DrillFile file = DrillFiles.read(Path.of("examples/external/web-down.yml"));
        assertThat(system.capabilities()).containsExactly(FaultProxy.class);
        DrillPlan.DryRun dry = DrillPlan.dryRun(file, system, dev.firedrill.StopSignal.never());
        assertThat(dry.wouldRun()).as(dry.text()).isTrue();
        assertThat(dry.text()).contains("applies: inject down(web) (needs FaultProxy)");
    }

    private static String yamlBlock(String doc, String firstLine) {
        int start = doc.indexOf("```yaml\n" + firstLine + "\n");
        assertThat(start).as("a yaml block starting with " + firstLine).isNotNegative();
        int from = start + "```yaml\n".length();
        return doc.substring(from, doc.indexOf("```", from));
    }

    @Test
    void mistakesAreNamedWithTheirPlace() {
        assertThatThrownBy(() -> parse("""
                services:
                  ledger: {url: "ftp://127.0.0.1:21"}
                """)).hasMessageContaining("my-endpoints.yml:2:11: services.ledger.url: service 'ledger': url ftp://127.0.0.1:21 has scheme 'ftp'; valid: http, https, jdbc:postgresql, redis");
        assertThatThrownBy(() -> parse("""
                services:
                  ledger: {url: "http://127.0.0.1"}
                """)).hasMessageContaining("must name a host and a port");
        assertThatThrownBy(() -> parse("fault-proxi: 127.0.0.1:8474\n"))
                .hasMessageContaining("unknown key 'fault-proxi' in an endpoints file (did you mean 'fault-proxy'?)")
                .hasMessageContaining("services: missing");
        assertThatThrownBy(() -> parse("""
                services:
                  ledger: {adress: "http://127.0.0.1:1"}
                """)).hasMessageContaining("services.ledger.adress: unknown key 'adress'").hasMessageContaining("services.ledger.url: missing");
        assertThat(parse("services: {a: {url: \"http://localhost:1\"}}").capability(FaultProxy.class)).isEmpty();
    }
}
