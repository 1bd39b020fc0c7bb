package dev.firedrill.fault;

import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Partial partitions on real containers: three Redis servers a, b and c, the fault proxy fronting b (so a reaches b
 * through the proxy by its name, and directly as b-upstream). Reachability is a real TCP round trip ({@code redis-cli
 * ping}) from one service's container to another's; the rules are read from the namespaces with nft.
 */
@Timeout(60)
class PartialPartitionIT {

    private static final String COMPOSE = """
            services:
              proxy: {image: "ghcr.io/shopify/toxiproxy:2.12.0", ports: ["8474", "6379"]}
              a:
                image: redis:7
                command: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"]
                ports: ["6379"]
                healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 500ms, timeout: 2s, retries: 60}
              b:
                image: redis:7
                command: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"]
                ports: ["6379"]
                healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 500ms, timeout: 2s, retries: 60}
              c:
                image: redis:7
                command: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"]
                ports: ["6379"]
                healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 500ms, timeout: 2s, retries: 60}
            x-firedrill:
              proxy: {service: proxy, fronts: [b]}
            """;

    private static Stack stack;

    @BeforeAll
    @Timeout(120)
    static void startStack(@TempDir Path dir) throws IOException {
        Path compose = Files.writeString(dir.resolve("partial-partition.yml"), COMPOSE);
        stack = Stack.start(StackDefinition.load(compose));
        // The first cut builds the helper image when the engine lacks it; that is not what is timed below.
        stack.network().prepareCut(LinkCut.of("a", List.of("b"), LinkCut.Direction.BOTH));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void outboundCutsOnlyTheTargetsOwnConnectionsToThePeerAndUndoRestoresThem() throws InterruptedException {
        assertThat(reaches("a", "b")).isTrue();
        // A connection a holds open to b through the proxy, pinging it every 100 ms: it goes silent with the cut.
        AtomicInteger pongs = new AtomicInteger();
        ServiceCommands.RunningCommand pinger = stack.commands().start("a", null, Map.of(),
                List.of("redis-cli", "-h", "b", "-p", "6379", "-r", "60", "-i", "0.1", "ping"),
                chunk -> pongs.addAndGet(chunk.split("PONG", -1).length - 1));
        await("pongs on the open connection").atMost(Duration.ofSeconds(5)).until(() -> pongs.get() >= 3);
        List<Leftover> journalled = new ArrayList<>();
        AtomicLong acting = new AtomicLong();
        long started = System.nanoTime();
        Injection cut = Faults.partition("a").from("b").direction(LinkCut.Direction.OUTBOUND).inject(stack, new FaultEvents() {
            @Override
            public void accept(Injection undo) {
            }

            @Override
            public void acting() {
                acting.set(System.nanoTime());
            }

            @Override
            public void willLeave(Leftover leftover) {
                journalled.add(leftover);
            }
        });
        long cutMs = elapsedMs(started);
        long actingToVerifiedMs = elapsedMs(acting.get());
        try {
            assertThat(journalled).singleElement().satisfies(l -> {
                assertThat(l.type()).isEqualTo(Leftover.WITH_STACK);
                assertThat(l.describe()).contains("firedrill_").contains("[a]").contains("a cut from b");
            });
            assertThat(reaches("a", "b")).as("a to b through the proxy").isFalse();
            assertThat(reaches("a", "b-upstream")).as("a to b directly").isFalse();
            assertThat(reaches("a", "c")).as("a to c, not cut").isTrue();
            assertThat(reachesPort("a", "proxy", 8474)).as("a to the proxy's other ports").isTrue();
            assertThat(reaches("b", "a")).as("b to a: outbound cuts only a's own connections").isTrue();
            assertThat(firedrillTables("a")).hasSize(1);
            int silentFrom = pongs.get();
            Thread.sleep(1000);
            assertThat(pongs.get()).as("pongs on the connection a opened before the cut").isLessThanOrEqualTo(silentFrom + 1);
        } finally {
            started = System.nanoTime();
            cut.close();
            long undoMs = elapsedMs(started);
            System.out.printf("partial partition, outbound, 1 peer (1 namespace): cut %d ms (%d ms from 'acting' to verified), undo %d ms%n",
                    cutMs, actingToVerifiedMs, undoMs);
        }
        cut.close();   // idempotent
        int healedAt = pongs.get();
        await("the open connection answers again (TCP retransmits)").atMost(Duration.ofSeconds(15)).until(() -> pongs.get() > healedAt + 2);
        assertThat(pinger.await(Duration.ofSeconds(20))).as("the pinger ends").isTrue();
        assertThat(pinger.exitCode()).contains(0);
        assertThat(reaches("a", "b")).isTrue();
        assertThat(reaches("a", "b-upstream")).isTrue();
        assertThat(firedrillTables("a")).isEmpty();
        assertThat(firedrillTables("b")).isEmpty();
    }

    @Test
    void bothWaysCutsEachWayAndHealPartitionRestoresExactlyTheTargetsCuts() {
        long started = System.nanoTime();
        Injection ab = Faults.partition("a").from("b").inject(stack);
        long cutMs = elapsedMs(started);
        Injection ca = Faults.partition("c").from("a").direction(LinkCut.Direction.INBOUND).inject(stack);
        try {
            assertThat(reaches("a", "b")).as("a to b").isFalse();
            assertThat(reaches("b", "a")).as("b to a").isFalse();
            assertThat(reaches("a", "c")).as("a to c: c's inbound cut").isFalse();
            assertThat(reaches("c", "a")).as("c to a: inbound cuts only a's connections to c").isTrue();
            assertThat(reaches("b", "c")).as("b to c: no cut between them").isTrue();

            started = System.nanoTime();
            String healed = Recoveries.healPartition("a").run(stack);
            long healMs = elapsedMs(started);
            System.out.printf("partial partition, both ways, 1 peer (2 namespaces): cut %d ms, heal-partition %d ms%n", cutMs, healMs);
            assertThat(healed).contains("restored the links of a cut from b (both ways)").doesNotContain("c cut from");
            assertThat(reaches("a", "b")).isTrue();
            assertThat(reaches("b", "a")).isTrue();
            assertThat(reaches("a", "c")).as("c's own cut is not a's to heal").isFalse();
            assertThat(firedrillTables("b")).isEmpty();
        } finally {
            ab.close();
            ca.close();
        }
        assertThat(reaches("a", "c")).isTrue();
        for (String service : List.of("a", "b", "c")) {
            assertThat(firedrillTables(service)).as("tables left in " + service).isEmpty();
        }
    }

    @Test
    void aPeerTheStackDoesNotHaveIsRefusedBeforeAnythingActs() {
        assertThatThrownBy(() -> Faults.partition("a").from("nosuch").inject(stack))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no service 'nosuch'").hasMessageContaining("[a, b, c, proxy]");
        assertThat(firedrillTables("a")).isEmpty();
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /** Whether a Redis round trip from {@code from}'s container to {@code to} (its name on the stack network) answers within 1 s. */
    private static boolean reaches(String from, String to) {
        var r = stack.commands().exec(from, "timeout", "1", "redis-cli", "-h", to, "-p", "6379", "ping");
        return r.succeeded() && r.stdout().contains("PONG");
    }

    /** Whether a TCP connection from {@code from}'s container to {@code to:port} opens within 1 s. */
    private static boolean reachesPort(String from, String to, int port) {
        return stack.commands().exec(from, "timeout", "1", "bash", "-c", "exec 3<>/dev/tcp/" + to + "/" + port).succeeded();
    }

    /** The tables Firedrill's cuts left in the network namespace of {@code service}, read with nft from the helper image. */
    private static List<String> firedrillTables(String service) {
        String id = stack.containerId(service);
        try (GenericContainer<?> nft = new GenericContainer<>("firedrill/netns:latest")
                .withCreateContainerCmdModifier(c -> c.getHostConfig().withNetworkMode("container:" + id)
                        .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN))
                .withCommand("nft", "list", "tables")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(20)))) {
            nft.start();
            return nft.getLogs().lines().map(String::trim).filter(l -> l.contains("firedrill_")).toList();
        }
    }
}
