package dev.firedrill.journal;

import dev.firedrill.external.DrillFilesInChildJvm;
import dev.firedrill.stack.AppImages;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No fault outlives the harness: a drill JVM holding three faults (latency and bandwidth on a proxy, sessions idle in
 * a transaction on PostgreSQL) is killed with SIGKILL, which no shutdown hook survives. On Firedrill's fault proxy the
 * toxics go within the lease's TTL with nothing else done; with the lease still running (as on a proxy without leases),
 * the next start undoes them from the journal and reports all three faults.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultJournalIT {

    private static ToxiproxyContainer proxy;
    private static PostgreSQLContainer postgres;
    private static ToxiproxyClient api;

    @TempDir
    Path project;

    @BeforeAll
    static void startTheSystem() throws Exception {
        // Firedrill's own fault proxy, whatever the registry offers: the leases are its extension.
        String ours = AppImages.shared().ensure(AppImages.find("toxiproxy").orElseThrow());
        proxy = new ToxiproxyContainer(DockerImageName.parse(ours).asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy"));
        proxy.start();
        api = new ToxiproxyClient(proxy.getHost(), proxy.getControlPort());
        api.createProxy("web", "0.0.0.0:8666", "127.0.0.1:8474");
        postgres = new PostgreSQLContainer("postgres:15");
        postgres.start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aKilledRunsToxicsGoWithinTheLeaseAndTheNextStartUndoesAndReportsWhatIsLeft() throws Exception {
        writeProject();

        // 1. Killed, lease of 3 s: the proxy removes the toxics itself.
        Process first = drillJvm(3_000, "first.log");
        killOnceAllThreeAct(first, "first.log");
        long killed = System.nanoTime();
        await("the proxy removed the killed run's toxics itself").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.getProxy("web").toxics().getAll().isEmpty());
        System.out.println("Fault journal: SIGKILL to toxics gone by the lease (TTL 3 s): " + (System.nanoTime() - killed) / 1_000_000 + " ms");
        await("the killed run's sessions ended with it").atMost(Duration.ofSeconds(10)).until(() -> firedrillSessions() == 0);
        List<Leftovers.Cleanup> afterLease = Leftovers.undoDead(project, System.out);
        assertThat(afterLease).singleElement().satisfies(c -> {
            assertThat(c.lines()).hasSize(3).anyMatch(l -> l.startsWith("idle-in-transaction") || l.contains("ends with the JVM"));
            assertThat(c.lines()).filteredOn(l -> l.contains("toxic ")).hasSize(2).allMatch(l -> l.endsWith(": already gone"));
        });

        // 2. Killed, lease far from running out (as on a proxy without leases): the next start undoes it.
        Process second = drillJvm(600_000, "second.log");
        killOnceAllThreeAct(second, "second.log");
        assertThat(api.getProxy("web").toxics().getAll()).as("the toxics outlive the killed JVM until someone undoes them").hasSize(2);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        List<Leftovers.Cleanup> next = Leftovers.undoDead(project, new PrintStream(said, true, StandardCharsets.UTF_8));

        assertThat(api.getProxy("web").toxics().getAll()).isEmpty();
        assertThat(next).singleElement().satisfies(c -> {
            assertThat(c.undone()).isEqualTo(2);
            assertThat(c.failed()).isZero();
        });
        String report = said.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(report).contains("left 3 fault change(s) behind").contains("is gone; journal last written").contains("2 undone or already gone")
                .containsPattern("latency\\(web[^\\n]*: removed").containsPattern("bandwidth\\(web[^\\n]*: removed")
                .contains("ends with the JVM: its sessions on pg close");
        try (Stream<Path> journals = Files.list(Leftovers.folderOf(project))) {
            assertThat(journals).as("every leftover dealt with: the journals are gone").isEmpty();
        }
        assertThat(Leftovers.undoDead(project, System.out)).as("a second start finds nothing").isEmpty();
    }

    private void writeProject() throws Exception {
        Files.createDirectories(project.resolve("drills"));
        Files.writeString(project.resolve("endpoints.yml"), """
                fault-proxy: http://%s:%d
                services:
                  web: {url: "http://%s:%d", proxy: web}
                  pg: {url: "%s", environment: {POSTGRES_USER: %s, POSTGRES_PASSWORD: %s}}
                """.formatted(proxy.getHost(), proxy.getControlPort(), proxy.getHost(), proxy.getMappedPort(8666),
                postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
        // No suites: a file named by path runs anyway.
        Files.writeString(project.resolve("drills/three-faults.yml"), """
                id: X-KILL
                title: Three faults held when the harness is killed
                steady-state:
                  probes: [{probe: get, name: web, service: web, path: /version}]
                faults:
                  - {kind: latency, target: web, latency: 300ms}
                  - {kind: bandwidth, target: web, kilobytes-per-second: 100}
                  - {kind: idle-in-transaction, target: pg, count: 2}
                hold: 120s
                recovery:
                  - procedure: revert-faults
                objectives:
                  - {objective: ttr, path: web, max: 30s}
                """);
    }

    private Process drillJvm(long leaseTtlMillis, String log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dfiredrill.project.dir=" + project, "-Dfiredrill.drill.file=drills/three-faults.yml",
                "-Dfiredrill.external=endpoints.yml", "-Dfiredrill.suite=", "-Dfiredrill.lease.ttl.ms=" + leaseTtlMillis,
                DrillFilesInChildJvm.class.getName())
                .redirectErrorStream(true).redirectOutput(project.resolve(log).toFile()).start();
    }

    /** Waits until the child journalled all three faults and both toxics are on the proxy, then SIGKILLs it. */
    private void killOnceAllThreeAct(Process child, String log) throws Exception {
        await("three faults acting in the child JVM").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> !child.isAlive() || (journalled() == 3 && api.getProxy("web").toxics().getAll().size() == 2
                        && firedrillSessions() == 2));
        assertThat(child.isAlive()).as("child running; its log:\n" + Files.readString(project.resolve(log))).isTrue();
        new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(api.getProxy("web").toxics().getAll()).extracting(Toxic::getName).allMatch(n -> n.startsWith("firedrill-"));
    }

    private long journalled() throws Exception {
        Path folder = Leftovers.folderOf(project);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            long count = 0;
            for (Path journal : files.toList()) {
                count += FaultJournal.Contents.read(journal).outstanding().size();
            }
            return count;
        }
    }

    private static int firedrillSessions() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name LIKE 'firedrill%'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
