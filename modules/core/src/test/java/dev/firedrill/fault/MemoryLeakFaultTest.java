package dev.firedrill.fault;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.Capability;
import dev.firedrill.Endpoint;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * memory-leak's decisions behind its two seams, the engine ({@link ServiceResources}, {@link ServiceProcesses}) faked and
 * the service's leak endpoint a loopback HTTP server: when it has acted, when it says it has not, and what its undo does.
 */
class MemoryLeakFaultTest {

    private static final long MIB = 1L << 20;

    private HttpServer ledger;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final Engine engine = new Engine();

    @BeforeEach
    void startLedger() throws IOException {
        ledger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ledger.createContext("/admin/leak", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            engine.leaking = exchange.getRequestURI().getQuery().endsWith("=0") ? 0 : 1;
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ledger.start();
    }

    @AfterEach
    void stopLedger() {
        ledger.stop(0);
    }

    private MemoryLeakFault leak(Optional<Long> limit) {
        return new MemoryLeakFault("ledger", 64, limit, Duration.ofSeconds(3));
    }

    @Test
    void actsAtTheEnginesFirstOomKillAndItsUndoRestoresTheLimitAndStartsTheServiceAgain() {
        engine.growsTo(300 * MIB).thenOomKilled(Instant.parse("2026-12-07T22:20:23.794196948Z"), Instant.parse("2026-12-07T22:20:23.796Z"));
        AtomicReference<Instant> acted = new AtomicReference<>();
        List<String> observed = new CopyOnWriteArrayList<>();

        Injection undo = leak(Optional.of(256 * MIB)).inject(engine.system(ledger), new FaultEvents() {
            @Override
            public void accept(Injection injection) {
            }

            @Override
            public void acting(Instant at) {
                acted.set(at);
            }

            @Override
            public void observed(String kind, String detail, Instant at) {
                observed.add(kind + ": " + detail);
            }
        });

        assertThat(acted.get()).isEqualTo(Instant.parse("2026-12-07T22:20:23.794196948Z"));
        assertThat(observed).singleElement().asString()
                .startsWith("oom-kill: the kernel OOM-killed 'ledger' at its 256 MiB memory limit (engine event oom; memory seen from 100 MiB to ");
        assertThat(asked).containsExactly("POST /admin/leak?mib-per-second=64");
        assertThat(engine.memoryLimit).isEqualTo(256 * MIB);

        undo.close();
        undo.close();
        assertThat(engine.memoryLimit).as("the limit it found: none").isZero();
        assertThat(engine.starts).as("OOM-killed and not restarted: started again, once").isEqualTo(1);
        assertThat(asked).as("the leaking process is gone: nothing to tell").hasSize(1);
    }

    @Test
    void aServiceThatStoppedWithoutAnOomKillIsNotTheLeaksEffect() {
        engine.growsTo(200 * MIB).thenStoppedWithoutOom();
        assertThatThrownBy(() -> leak(Optional.of(256 * MIB)).inject(engine.system(ledger)))
                .isInstanceOf(FaultNotEffectiveException.class)
                .hasMessageStartingWith("memoryLeak(ledger, 64 MiB/s, limit 256 MiB): 'ledger' stopped, but the engine reported no OOM kill of it");
        assertThat(engine.memoryLimit).as("undone: the limit it found").isZero();
    }

    @Test
    void anOomKillWithoutGrowthIsNotTheLeaks() {
        engine.growsTo(100 * MIB).thenOomKilled(Instant.parse("2026-12-07T22:20:23Z"));
        assertThatThrownBy(() -> leak(Optional.of(256 * MIB)).inject(engine.system(ledger)))
                .isInstanceOf(FaultNotEffectiveException.class).hasMessageContaining("its memory was not seen growing");
    }

    @Test
    void aServiceThatOutlivesTheBoundIsReportedWithWhatItReached() {
        engine.growsTo(180 * MIB);
        assertThatThrownBy(() -> leak(Optional.of(256 * MIB)).inject(engine.system(ledger)))
                .isInstanceOf(FaultNotEffectiveException.class)
                .hasMessage("memoryLeak(ledger, 64 MiB/s, limit 256 MiB): 'ledger' still ran 3 s after the leak began, at 180 MiB of its 256 MiB"
                        + " limit (from 100 MiB)");
        assertThat(asked).containsExactly("POST /admin/leak?mib-per-second=64", "POST /admin/leak?mib-per-second=0");
    }

    @Test
    void withoutALimitItRefusesToLeakTheHostsMemory() {
        assertThatThrownBy(() -> leak(Optional.empty()).inject(engine.system(ledger)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoryLeak(ledger, 64 MiB/s): service 'ledger' has no memory limit, so the leak would grow until the host's memory"
                        + " runs out: give the fault a limit, e.g. limit: 256m");
        assertThat(asked).isEmpty();
    }

    /** The engine faked: memory that grows to a peak while the leak runs, then an OOM kill (or a plain stop), or nothing. */
    private static final class Engine implements ServiceResources {
        volatile long memoryLimit;
        volatile int leaking;
        volatile int starts;
        private volatile long peak = 100 * MIB;
        private volatile long usage = 100 * MIB;
        private volatile boolean running = true;
        private volatile boolean stops;
        private volatile List<Instant> kills = List.of();
        private volatile String startedAt = "first";

        Engine growsTo(long bytes) {
            peak = bytes;
            return this;
        }

        void thenOomKilled(Instant... at) {
            stops = true;
            kills = List.of(at);
        }

        void thenStoppedWithoutOom() {
            stops = true;
        }

        @Override
        public Limits limits(String service) {
            return new Limits(memoryLimit, 0);
        }

        @Override
        public void limitMemory(String service, long bytes) {
            memoryLimit = bytes;
        }

        @Override
        public void limitCpus(String service, long nanoCpus) {
            throw new AssertionError("not asked");
        }

        /** Each sample while leaking: the next step towards the peak; at the peak, the process dies if it is to. */
        @Override
        public long memoryUsage(String service) {
            if (leaking > 0) {
                usage = Math.min(peak, usage + 40 * MIB);
                if (usage == peak && stops) {
                    running = false;
                }
            }
            return usage;
        }

        @Override
        public OomWatch watchOomKills(String service) {
            return new OomWatch() {
                @Override
                public List<Instant> kills() {
                    return running ? List.of() : kills;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Optional<Instant> lastOomKill(String service) {
            return running || kills.isEmpty() ? Optional.empty() : Optional.of(kills.get(0));
        }

        @Override
        public String instance(String service) {
            return "container-1";
        }

        SystemUnderTest system(HttpServer ledger) {
            ServiceProcesses processes = (ServiceProcesses) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceProcesses.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "isRunning" -> running;
                        case "startedAt" -> startedAt;
                        case "start" -> {
                            starts++;
                            running = true;
                            startedAt = "again";
                            leaking = 0;
                            yield null;
                        }
                        default -> throw new AssertionError("not asked: " + method.getName());
                    });
            Engine resources = this;
            return new SystemUnderTest() {
                @Override
                public Set<String> services() {
                    return Set.of("ledger");
                }

                @Override
                public Endpoint endpoint(String service, int port) {
                    return new Endpoint("127.0.0.1", ledger.getAddress().getPort());
                }

                @Override
                public Map<String, String> environment(String service) {
                    return Map.of();
                }

                @Override
                public List<Integer> ports(String service) {
                    return List.of(8080);
                }

                @Override
                public Set<Class<? extends Capability>> capabilities() {
                    return Set.of(ServiceResources.class, ServiceProcesses.class);
                }

                @Override
                public <T extends Capability> Optional<T> capability(Class<T> type) {
                    if (type == ServiceResources.class) {
                        return Optional.of(type.cast(resources));
                    }
                    return type == ServiceProcesses.class ? Optional.of(type.cast(processes)) : Optional.empty();
                }
            };
        }
    }
}
