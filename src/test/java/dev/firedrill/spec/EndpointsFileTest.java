package dev.firedrill.spec;

import dev.firedrill.Endpoint;
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
        assertThat(system.faultProxyApi()).contains(new Endpoint("127.0.0.1", 8474));
        assertThat(system.services()).containsExactly("ledger", "postgres", "redis");
        assertThat(system.endpoint("ledger", 8080)).isEqualTo(new Endpoint("127.0.0.1", 18080));
        assertThat(system.endpoint("postgres", 5432)).isEqualTo(new Endpoint("127.0.0.1", 15432));
        assertThat(system.protocol("postgres")).isEqualTo("postgres");
        assertThat(system.protocol("redis")).isEqualTo("redis");
        assertThat(system.environment("postgres")).containsEntry("POSTGRES_USER", "ledger");
        assertThat(system.proxiedServices()).containsExactly("ledger", "postgres");
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
                .hasMessageStartingWith("kill(ledger) does not apply to an external system: it needs a container stack started by Firedrill");
        ExternalSystem noProxy = new ExternalSystem(Optional.empty(), Map.of("ledger",
                new ExternalSystem.Service("ledger", java.net.URI.create("http://127.0.0.1:18080"), Optional.of("ledger"), Map.of())));
        assertThatThrownBy(() -> Faults.blackhole("ledger").validate(noProxy)).hasMessageContaining("the external system has no fault proxy");
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
        assertThat(dev.firedrill.fault.Targets.postgres(system, "terminateBlockers(db)", "db")).isSameAs(system);
        assertThat(dev.firedrill.fault.Postgres.directUrl(system, "db")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/ledger?sslmode=disable");
        assertThatThrownBy(() -> Faults.lockTable("ledger", "entries").validate(system))
                .hasMessage("lockTable(ledger, entries, ACCESS EXCLUSIVE) applies to a PostgreSQL service (a jdbc:postgresql://host:port/db url"
                        + " in the endpoints file); 'ledger' is http at http://127.0.0.1:18080; valid targets are [db]");
        assertThatThrownBy(() -> Faults.idleSessions("cache", 2).validate(system))
                .hasMessageStartingWith("idleSessions(cache, 2 sessions): the external system has no service 'cache'; its services: [db, ledger]");
        assertThatThrownBy(() -> Faults.kill("db").validate(system))
                .hasMessage("kill(db) does not apply to an external system: it needs a container stack started by Firedrill to act on 'db';"
                        + " on this external system only network faults through its fault proxy apply (latency, bandwidth, blackhole, down,"
                        + " reset-peer, slow-close, slicing, data-limit), on [ledger], and the faults and procedures acting through SQL sessions (lock-table, long-query,"
                        + " idle-sessions, idle-in-transaction, exhaust-connections, bad-migration, pause-replay; terminate-blockers,"
                        + " terminate-idle-sessions), on [db]");
        dev.firedrill.recovery.Recoveries.terminateBlockers("db").validate(system);
        dev.firedrill.recovery.Recoveries.terminateIdleSessions("db", Duration.ofSeconds(5)).validate(system);
        assertThatThrownBy(() -> dev.firedrill.recovery.Recoveries.terminateBlockers("ledger").validate(system))
                .hasMessageContaining("applies to a PostgreSQL service").hasMessageEndingWith("valid targets are [db]");
        for (dev.firedrill.Recovery step : List.of(dev.firedrill.recovery.Recoveries.restart("db"),
                dev.firedrill.recovery.Recoveries.healPartition("db"), dev.firedrill.recovery.Recoveries.restoreLatestBackup("db"))) {
            assertThatThrownBy(() -> step.validate(system)).as(step.name())
                    .hasMessageContaining("does not apply to an external system").hasMessageEndingWith("on [db]");
            assertThatThrownBy(() -> step.run(system)).as(step.name()).hasMessageContaining("does not apply to an external system");
        }
        assertThatThrownBy(() -> Faults.fillVolume("db").validate(system)).hasMessageContaining("needs a container stack");
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
        assertThat(dev.firedrill.fault.Postgres.directUrl(system, "db")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/shop");
        assertThat(dev.firedrill.fault.Postgres.clientUrl(system, "db", 5432)).isEqualTo("jdbc:postgresql://127.0.0.1:15432/shop");
        assertThat(system.endpoint("db", 5432)).isEqualTo(new Endpoint("127.0.0.1", 15432));
        assertThat(dev.firedrill.fault.Postgres.directUrl(system, "plain")).isEqualTo("jdbc:postgresql://127.0.0.1:25432/shop");

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

    /** The kinds an external system's refusals name as applicable are kinds drill files know. */
    @Test
    void theApplicableKindsNamedInRefusalsAreDrillFileKinds() {
        var kinds = dev.firedrill.kind.Kinds.onClasspath().builtIn();
        assertThat(kinds.names(dev.firedrill.kind.KindDescriptor.Category.FAULT)).containsAll(dev.firedrill.fault.Targets.SQL_FAULTS)
                .containsAll(dev.firedrill.fault.Targets.NETWORK_FAULTS);
        assertThat(kinds.names(dev.firedrill.kind.KindDescriptor.Category.PROCEDURE)).containsAll(dev.firedrill.fault.Targets.SQL_PROCEDURES);
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
        for (dev.firedrill.Preparation p : List.of(Backups.logical("shop-db"), Backups.base("shop-db"), Backups.recoveryTarget("shop-db"),
                Backups.streamingReplica("shop-db-replica", "shop-db"), Backups.redisSnapshot("shop-db"))) {
            assertThatThrownBy(() -> p.validate(system)).as(p.name())
                    .hasMessageStartingWith(p.name() + " does not apply to an external system: it needs a container stack started by Firedrill");
        }
        dev.firedrill.recovery.Recoveries.script("drills/scripts/dr-drill.sh").validate(system);   // on the host: applies anywhere
        assertThatThrownBy(() -> dev.firedrill.recovery.Recoveries.script("drills/scripts/dr-drill.sh").in("shop-db").validate(system))
                .hasMessageContaining("does not apply to an external system");
        DrillFile file = DrillFiles.parse(Path.of("shop-table-lock.yml"), yamlBlock(doc, "# drills/shop-table-lock.yml")
                + "preparations: [{kind: logical-backup, target: shop-db}]\n");
        DrillPlan.DryRun dry = DrillPlan.dryRun(file, system, dev.firedrill.StopSignal.never());
        assertThat(dry.wouldRun()).as(dry.text()).isFalse();
        assertThat(dry.text()).contains("DOES NOT APPLY: prepare logical backup(shop-db): logical backup(shop-db) does not apply to an external system")
                .contains("applies: inject lockTable(shop-db, orders, ACCESS EXCLUSIVE)");
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
        assertThat(List.of(parse("services: {a: {url: \"http://localhost:1\"}}").faultProxyApi())).containsExactly(Optional.empty());
    }
}
