package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.SqlSessions;
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
        SystemUnderTest system = FakeSystem.of(Map.of("postgres", "postgres", "redis", "redis", "ledger", "http"))
                .offering(SqlSessions.class, FakeSystem.sessions(List.of("postgres")));
        assertThatThrownBy(() -> Faults.lockTable("redis", "entries").validate(system))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lockTable(redis, entries, ACCESS EXCLUSIVE) applies to a PostgreSQL service the harness can open SQL sessions to; 'redis' is not one;"
                        + " valid targets are [postgres]");
        assertThatThrownBy(() -> Faults.redisMemoryFull("ledger").validate(system))
                .hasMessage("redisMemoryFull(ledger, noeviction) applies to a redis service; 'ledger' is a http service; valid targets are [redis]");
    }

    @Test
    void aVolumeThatIsNotSizeLimitedIsAConfigurationErrorNamingTheServicesThatHaveOne() {
        SystemUnderTest system = FakeSystem.of(Map.of("postgres", "postgres", "redis", "redis"))
                .offering(ServiceFiles.class, FakeSystem.limitedVolumes(Map.of("postgres", "/var/lib/postgresql/data")))
                .offering(ServiceProcesses.class, null).offering(ServiceCommands.class, null);
        assertThatThrownBy(() -> Faults.fillVolume("redis").validate(system))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fillVolume(redis): service 'redis' has no size-limited volume; valid targets are [postgres]");
        Faults.fillVolume("postgres").validate(system);
    }

    @Test
    void aFaultNamesTheCapabilityTheSystemLacksAndWhatItOffers() {
        SystemUnderTest bare = FakeSystem.of(Map.of("ledger", "http"));
        for (Fault fault : List.of(Faults.kill("ledger"), Faults.down("ledger"), Faults.latency("ledger", ofMillis(5)),
                Faults.lockTable("ledger", "entries"), Faults.fillVolume("ledger"), Faults.partition("ledger"))) {
            assertThat(fault.requires()).as(fault.name()).isNotEmpty();
            assertThatThrownBy(() -> bare.requireAll(fault.requires(), fault.name())).as(fault.name())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(fault.name() + " needs the capabilit")
                    .hasMessageContaining("which the system under test (FakeSystem) does not offer; it offers none");
        }
        assertThatThrownBy(() -> Faults.kill("ledger").validate(bare))
                .hasMessage("kill(ledger) needs the capability ServiceProcesses, which the system under test (FakeSystem) does not offer;"
                        + " it offers none");
        SystemUnderTest proxied = FakeSystem.of(Map.of("ledger", "http")).offering(FaultProxy.class, null);
        assertThatThrownBy(() -> Faults.kill("ledger").validate(proxied)).hasMessageEndingWith("it offers FaultProxy");
        assertThatThrownBy(() -> Faults.kill("web").validate(proxied))
                .hasMessage("kill(web): the system under test (FakeSystem) has no service 'web'; its services: [ledger]");
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
