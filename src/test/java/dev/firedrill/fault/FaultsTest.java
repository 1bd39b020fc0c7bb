package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault values without Docker: names, argument checks, and which services a fault can apply to. */
class FaultsTest {

    private static final StackDefinition REFERENCE = StackDefinition.load(ProjectFiles.referenceCompose());
    private static final StackDefinition STORAGE = StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/storage-full.yml"));

    @Test
    void faultsReadLikeTheRunbook() {
        assertThat(Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)).name())
                .isEqualTo("latency(postgres, 800 ms ± 200 ms, downstream)");
        assertThat(Faults.latency("postgres", ofMillis(800)).direction(Direction.BOTH).name()).endsWith("both)");
        assertThat(Faults.kill("ledger").name()).isEqualTo("kill(ledger)");
        assertThat(Faults.stop("ledger", ofSeconds(5)).name()).isEqualTo("stop(ledger, grace 5 s)");
        assertThat(Faults.down("postgres").name()).isEqualTo("down(postgres)");
        assertThat(Faults.blackhole("redis").name()).isEqualTo("blackhole(redis, data dropped, connections held, both)");
        assertThat(Faults.lockTable("postgres", "entries").name()).isEqualTo("lockTable(postgres, entries, ACCESS EXCLUSIVE)");
        assertThat(Faults.exhaustConnections("postgres").terminating("ledger").name())
                .isEqualTo("exhaustConnections(postgres, terminating 'ledger')");
        assertThat(Faults.fillVolume("postgres").name()).isEqualTo("fillVolume(postgres)");
        assertThat(Faults.redisMemoryFull("redis").name()).isEqualTo("redisMemoryFull(redis, noeviction)");
    }

    @Test
    void faultsAreValuesThatCompareByContent() {
        assertThat(Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)))
                .isEqualTo(Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)));
        assertThat(Faults.bandwidth("redis", 10).direction(Direction.BOTH)).isNotEqualTo(Faults.bandwidth("redis", 10));
    }

    @Test
    void latencyTakesEffectOnlyWhenARoundTripIsAtLeastTheLowestDelayOfEachDelayedDirection() {
        assertThat(Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)).leastRoundTrip()).isEqualTo(ofMillis(600));
        assertThat(Faults.latency("postgres", ofMillis(800)).jitter(ofMillis(200)).direction(Direction.BOTH).leastRoundTrip())
                .isEqualTo(ofMillis(1200));
        assertThat(Faults.latency("postgres", ofMillis(100)).jitter(ofMillis(300)).leastRoundTrip()).isEqualTo(ofMillis(1));
    }

    @Test
    void misuseNamesTheFieldAndTheValidValues() {
        assertThatThrownBy(() -> Faults.latency("postgres", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("latency(postgres): latency must be positive, got PT0S");
        assertThatThrownBy(() -> Faults.latency("postgres", ofMillis(5)).jitter(ofMillis(-1)))
                .hasMessageContaining("jitter must be zero or more");
        assertThatThrownBy(() -> Faults.latency(" ", ofMillis(5))).hasMessageContaining("the target service must be named");
        assertThatThrownBy(() -> Faults.bandwidth("redis", -1)).hasMessageContaining("0 .. 2^31-1");
        assertThatThrownBy(() -> Faults.slicing("redis", 10, 10, ofMillis(1))).hasMessageContaining("variation below it");
        assertThatThrownBy(() -> Faults.lockTable("postgres", "entries; DROP TABLE x"))
                .hasMessageContaining("table must be a plain name");
        assertThatThrownBy(() -> Faults.lockTable("postgres", "entries").holding(" ")).hasMessageContaining("uncommitted work must be SQL");
        assertThatThrownBy(() -> Faults.idleInTransaction("postgres", 0)).hasMessageContaining("count must be 1 .. 10000");
        assertThatThrownBy(() -> Faults.exhaustConnections("postgres").terminating("")).hasMessageContaining("application_name");
        assertThatThrownBy(() -> Faults.badMigration("postgres", "entries", "1=1; DROP TABLE entries"))
                .hasMessageContaining("one SQL condition");
        assertThatThrownBy(() -> Faults.resetPeer("redis", ofMillis(-5))).hasMessageContaining("after must be zero or more");
    }

    @Test
    void aDatabaseFaultOnRedisListsThePostgresServices() {
        assertThatThrownBy(() -> Targets.requireKind(REFERENCE, "lockTable(redis, entries)", "redis", Targets.Kind.POSTGRES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lockTable(redis, entries) applies to a PostgreSQL service; 'redis' is image redis:7; valid targets are [postgres]");
        assertThatThrownBy(() -> Targets.requireKind(REFERENCE, "redisMemoryFull(ledger)", "ledger", Targets.Kind.REDIS))
                .hasMessageContaining("valid targets are [redis]");
    }

    @Test
    void theProxyIsNeitherPostgresNorRedisThoughItPublishesTheirPorts() {
        assertThat(Targets.is(REFERENCE, REFERENCE.service("proxy"), Targets.Kind.POSTGRES)).isFalse();
        assertThat(Targets.is(REFERENCE, REFERENCE.service("proxy"), Targets.Kind.REDIS)).isFalse();
        assertThat(Targets.is(REFERENCE, REFERENCE.service("postgres"), Targets.Kind.POSTGRES)).isTrue();
    }

    @Test
    void imageRepositoriesAreReadWithoutRegistryTagOrDigest() {
        assertThat(Targets.repository("postgres:15")).isEqualTo("postgres");
        assertThat(Targets.repository("docker.io/library/postgres:15")).isEqualTo("postgres");
        assertThat(Targets.repository("firedrill/postgres:15")).isEqualTo("firedrill/postgres");
        assertThat(Targets.repository("localhost:5000/redis@sha256:abc")).isEqualTo("redis");
    }

    @Test
    void aVolumeThatIsNotSizeLimitedIsAConfigurationErrorNamingWhereToDeclareOne() {
        assertThatThrownBy(() -> Targets.sizeLimitedVolume(REFERENCE, "fillVolume(postgres)", "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service 'postgres' has no size-limited volume (its volumes: [pgdata])")
                .hasMessageContaining("x-firedrill.volumes.<name>.size");
        assertThatThrownBy(() -> Targets.sizeLimitedVolume(STORAGE, "fillVolume(redis)", "redis"))
                .hasMessageContaining("valid targets are [postgres]");
        assertThat(Targets.sizeLimitedVolume(STORAGE, "fillVolume(postgres)", "postgres").target()).isEqualTo("/var/lib/postgresql/data");
    }

    @Test
    void faultsNeedAContainerStack() {
        SystemUnderTest external = new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return Set.of("ledger");
            }

            @Override
            public Endpoint endpoint(String service, int port) {
                return new Endpoint("127.0.0.1", 8080);
            }

            @Override
            public Map<String, String> environment(String service) {
                return Map.of();
            }
        };
        assertThatThrownBy(() -> Faults.kill("ledger").inject(external))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a container stack started by Firedrill");
        for (Fault fault : List.of(Faults.kill("ledger"), Faults.down("ledger"), Faults.latency("ledger", ofMillis(5)),
                Faults.lockTable("ledger", "entries"), Faults.fillVolume("ledger"), Faults.redisMemoryFull("ledger"))) {
            assertThatThrownBy(() -> fault.validate(external)).as(fault.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a container stack started by Firedrill");
        }
    }

    @Test
    void aDelayedFaultCalledOffDuringItsDelayIsNeverInjected() throws Exception {
        AtomicInteger injected = new AtomicInteger();
        Fault kill = new Fault() {
            public String name() {
                return "kill(ledger)";
            }

            public Injection inject(SystemUnderTest system) {
                injected.incrementAndGet();
                return () -> { };
            }
        };
        List<Injection> handedOver = new CopyOnWriteArrayList<>();
        CompletableFuture<Injection> injecting = CompletableFuture.supplyAsync(
                () -> Faults.after(ofSeconds(60), kill).inject(null, handedOver::add));
        long deadline = System.nanoTime() + ofSeconds(10).toNanos();
        while (handedOver.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(handedOver).as("the call-off is handed over before the delay").hasSize(1);

        handedOver.get(0).close();   // a stop during the delay

        assertThatThrownBy(() -> injecting.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FaultNotEffectiveException.class)
                .hasMessageContaining("after 60000 ms: kill(ledger): called off (by a stop or an abort) before it was injected");
        assertThat(injected.get()).isZero();
    }
}
