package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.StepRecord;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D11, primary lost, fail over to the replica, asynchronous (seeds 000 §Complete Service Failure, 003
 * §Disaster recovery test): the replica streams through {@code postgres-replication}; the stream is
 * cut while writes continue, then the primary is killed; the replica is promoted and the {@code postgres}
 * proxy repointed to it (the "DNS update"). RTO ≤ 30 s; the writes lost are those acknowledged after
 * the cut (after the replica's last received position), so the RPO window stays within the cut. Then the
 * old primary is started again while writes flow: none reaches it (checked on it directly). Per write, the
 * acknowledged writes lost are exactly the acknowledged writes the old primary committed after the replica's last
 * received WAL position (read from the old primary's own WAL, independently of the ledger's read-back).
 */
@Drills(compose = "docker-compose.failover.yml")
class FailoverDrill {

    static final Duration CUT = Duration.ofSeconds(5);

    static final Drill D11 = d11("D11", "Primary lost, fail over to replica (asynchronous)", CUT);

    /** D11 with the stream cut {@code cut} before the primary dies. */
    static Drill d11(String id, String title, Duration cut) {
        return Drill.builder(id, title)
            .suites("quarterly")
            .runbook("000 §Complete Service Failure; 003 §Disaster recovery test")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .workload(Workloads.ledgerWriter())
            .preparation(Backups.streamingReplica("postgres-replica", "postgres"))
            .fault(Faults.proxyDown("postgres-replication"))
            .fault(Faults.after(cut, Faults.kill("postgres")))
            .hold(Duration.ofSeconds(5))
            .recovery(Recoveries.promoteReplica("postgres-replica"))
            .recovery(Recoveries.repoint("postgres", "postgres-replica", 5432))
            .recovery(Recoveries.restart("postgres"))   // the old primary comes back: fencing is the repointed proxy
            .objective(Slos.outageExpected("write"))
            .objective(Slos.rto("write", Duration.ofSeconds(30)))
            .objective(Slos.rpoWindowAtMost(CUT.plusSeconds(3)))
            .build();
    }

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D11-failover.yml")
    void promotedReplicaServesAndOnlyWritesAfterTheCutAreLost(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D11, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin(Duration.ofSeconds(30)).verify();
        onlyWritesAfterTheReceivedPositionAreLostAndTheOldPrimaryIsFenced(result, stack);
    }

    /**
     * What a passed D11 must also show, checked independently of the drill's objectives: the lost acknowledged writes
     * are exactly those the old primary committed after the replica's received position, nothing reached the old
     * primary after the failover, and new writes carry the promoted replica's node id (a check shown able to fail).
     * Made by this example and, after the canonical {@code drills/D11-failover.yml} passes, by {@code DrillFilesDrill}.
     */
    static void onlyWritesAfterTheReceivedPositionAreLostAndTheOldPrimaryIsFenced(DrillResult result, dev.firedrill.SystemUnderTest system) {
        Stack stack = (Stack) system;
        LedgerReport ledger = result.measurements().ledger();
        // Not "nothing lost after the disruption": the disruption is dated as the kill is sent (never late), and a write
        // the old primary acknowledged while the signal was on its way (the engine takes up to a few hundred ms on a busy
        // machine) is lost too, legitimately. What must hold is exact and checked below: the lost writes are those the
        // old primary committed after the replica's received position, and none reached it after the promotion.
        org.assertj.core.api.Assertions.assertThat(result.steps()).extracting(StepRecord::name).contains("promote replica(postgres-replica)");
        String promotion = result.steps().stream().filter(s -> s.name().startsWith("promote")).findFirst().orElseThrow().output();
        java.util.regex.Matcher received = java.util.regex.Pattern.compile("received WAL up to ([0-9A-F]+/[0-9A-F]+)").matcher(promotion);
        org.assertj.core.api.Assertions.assertThat(received.find()).as("the promotion names the received position: " + promotion).isTrue();
        lostWritesAreExactlyThoseCommittedAfter(stack, received.group(1), ledger);
        java.time.Instant promoted = result.steps().stream().filter(s -> s.name().startsWith("promote")).findFirst()
                .orElseThrow().startedAt().wall();
        org.assertj.core.api.Assertions.assertThat(entriesOnOldPrimarySince(stack, promoted))
                .as("writes accepted by the old primary after the failover").isZero();
        // Fencing by node id (docs/reference-service.md: node = system_identifier@address): the old primary is back, and every
        // write the service acknowledges now was committed by the promoted replica. Both share the system
        // identifier (a physical replica), so the address tells them apart.
        String replicaNode = node(stack, "postgres-replica");
        String oldPrimaryNode = node(stack, "postgres");
        org.assertj.core.api.Assertions.assertThat(replicaNode).isNotEqualTo(oldPrimaryNode);
        org.assertj.core.api.Assertions.assertThat(nodesOfNewWrites(stack, 10)).as("node of each write after the failover")
                .containsOnly(replicaNode);

        // The check can fail: point the proxy back at the old primary (the split brain fencing prevents) and the
        // very next acknowledged writes name the old primary's node.
        Recoveries.repoint("postgres", "postgres", 5432).run(stack);
        org.awaitility.Awaitility.await("an acknowledged write committed by the old primary " + oldPrimaryNode)
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> oldPrimaryNode.equals(nodeOfOneWrite(stack)));
    }

    /**
     * Per write, checked independently of the ledger's read-back: the old primary (restarted by the drill, its commits
     * kept by crash recovery) says from its own WAL which of the writer's entries it committed after the position the
     * replica had received ({@code pg_last_wal_receive_lsn()} at the promotion). The acknowledged ones among them must be
     * exactly the lost ones; those whose outcome the writer never learnt (indeterminate) or that the service reported
     * failed are listed, not counted. (The writer never retries an id, so an id is acknowledged by one server only.)
     */
    private static void lostWritesAreExactlyThoseCommittedAfter(Stack stack, String receivedLsn, LedgerReport ledger) {
        java.util.List<String> entries = dev.firedrill.recovery.Replication.rowsCommittedAfter(stack, "postgres", "entries", "id", receivedLsn);
        java.util.List<String> written = entries.stream().filter(id -> id.startsWith("fdw-")).toList();
        org.assertj.core.api.Assertions.assertThat(written.stream().map(id -> id.substring(0, id.lastIndexOf('-') + 1)).distinct())
                .as("one writer's entries").hasSizeLessThanOrEqualTo(1);
        java.util.Set<Long> committedAfter = new java.util.TreeSet<>();
        written.forEach(id -> committedAfter.add(Long.parseLong(id.substring(id.lastIndexOf('-') + 1))));
        java.util.Set<Long> indeterminate = new java.util.TreeSet<>(ledger.indeterminateIds());
        indeterminate.retainAll(committedAfter);
        java.util.Set<Long> failed = new java.util.TreeSet<>(ledger.failedIds());
        failed.retainAll(committedAfter);
        java.util.Set<Long> acknowledgedAfter = new java.util.TreeSet<>(committedAfter);
        acknowledgedAfter.removeAll(indeterminate);
        acknowledgedAfter.removeAll(failed);
        System.out.println("D11 per write: replica received WAL up to " + receivedLsn + "; the old primary committed " + committedAfter.size()
                + " writer entries after it: acknowledged " + acknowledgedAfter.size() + ", indeterminate " + indeterminate
                + ", reported failed " + failed + "; the ledger: acknowledged " + ledger.acknowledged() + ", failed " + ledger.failed()
                + ", indeterminate " + ledger.indeterminate() + ", lost " + ledger.lostCount());
        org.assertj.core.api.Assertions.assertThat(ledger.lost()).as("acknowledged writes lost (the stream was cut 5 s before the primary died)")
                .isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(new java.util.TreeSet<>(ledger.lost()))
                .as("acknowledged writes lost = acknowledged writes the old primary committed after " + receivedLsn)
                .isEqualTo(acknowledgedAfter);
    }

    /** The node of one acknowledged write, or "" when the write was not acknowledged. */
    private static String nodeOfOneWrite(Stack stack) {
        try {
            return nodesOfNewWrites(stack, 1).get(0);
        } catch (AssertionError | IllegalStateException notAcknowledged) {
            return "";
        }
    }

    /** The node id the reference service reports for writes committed by {@code service}, asked of it directly. */
    private static String node(Stack stack, String service) {
        var env = stack.environment(service);
        String url = stack.directEndpoint(service, 5432).jdbcPostgres(env.get("POSTGRES_DB"));
        try (var c = java.sql.DriverManager.getConnection(url, env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT (SELECT system_identifier FROM pg_control_system())::text || '@' || host(inet_server_addr())"
                     + " || ':' || inet_server_port()")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not read the node id of " + service + ": " + e.getMessage(), e);
        }
    }

    private static java.util.List<String> nodesOfNewWrites(Stack stack, int count) {
        var client = java.net.http.HttpClient.newHttpClient();
        var uri = stack.endpoint("ledger", 8080).httpUri().resolve("/entries");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                var r = client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"fence-" + java.util.UUID.randomUUID()
                                + "\",\"account\":\"fencing\",\"amount\":1}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                org.assertj.core.api.Assertions.assertThat(r.statusCode()).as("write after the failover: " + r.body()).isEqualTo(201);
                nodes.add(json.readTree(r.body()).path("node").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("write after the failover failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return nodes;
    }

    private static long entriesOnOldPrimarySince(Stack stack, java.time.Instant since) {
        var env = stack.environment("postgres");
        String url = stack.directEndpoint("postgres", 5432).jdbcPostgres(env.get("POSTGRES_DB"));
        try (var c = java.sql.DriverManager.getConnection(url, env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
             var s = c.prepareStatement("SELECT count(*) FROM entries WHERE created_at >= ?")) {
            s.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not count entries on the old primary: " + e.getMessage(), e);
        }
    }
}
