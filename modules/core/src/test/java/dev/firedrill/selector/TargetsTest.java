package dev.firedrill.selector;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.Endpoint;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Selectors on real sockets: three candidates are three HTTP servers on loopback answering {@code GET /primary} as an
 * HA manager's API does (200 on the leader, 503 elsewhere); the selector names whoever leads when it is resolved.
 */
class TargetsTest {

    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final Map<String, AtomicReference<Integer>> answers = new LinkedHashMap<>();

    /** A system of HTTP servers named {@code names}, each answering GET /primary with the status it is set to. */
    private SystemUnderTest nodes(String... names) throws Exception {
        for (String name : names) {
            AtomicReference<Integer> status = new AtomicReference<>(503);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/primary", exchange -> {
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
            servers.put(name, server);
            answers.put(name, status);
        }
        return new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return servers.keySet();
            }

            @Override
            public Endpoint endpoint(String service, int port) {
                return new Endpoint("127.0.0.1", servers.get(service).getAddress().getPort());
            }

            @Override
            public Map<String, String> environment(String service) {
                return Map.of();
            }
        };
    }

    @AfterEach
    void stop() {
        servers.values().forEach(s -> s.stop(0));
    }

    @Test
    void leaderOfNamesWhoeverLeadsEachTimeItIsResolvedAndSaysWhatEachAnswered() throws Exception {
        SystemUnderTest cluster = nodes("pg1", "pg2", "pg3");
        TargetSelector primary = Targets.leaderOf(List.of("pg1", "pg2", "pg3"), LeaderCheck.http("/primary", 8008, 200));
        answers.get("pg2").set(200);

        TargetSelector.Resolution first = primary.resolve(cluster);
        assertThat(first.service()).isEqualTo("pg2");
        assertThat(first.why()).isEqualTo("pg1: HTTP 503; pg2: HTTP 200; pg3: HTTP 503");

        answers.get("pg2").set(503);   // a failover: pg3 leads now; the same selector follows it
        answers.get("pg3").set(200);
        assertThat(primary.resolve(cluster).service()).isEqualTo("pg3");
        assertThat(primary.describe()).isEqualTo("leader-of [pg1, pg2, pg3] by GET /primary on 8008 answering 200");
    }

    @Test
    void noLeaderOrTwoLeadersFailAfterWithinNamingEveryAnswer() throws Exception {
        SystemUnderTest cluster = nodes("pg1", "pg2");
        TargetSelector primary = Targets.leaderOf(List.of("pg1", "pg2"), LeaderCheck.http("/primary", 8008, 200), Duration.ZERO);

        assertThatThrownBy(() -> primary.resolve(cluster)).hasMessageContaining("no candidate leads")
                .hasMessageContaining("pg1: HTTP 503; pg2: HTTP 503");
        answers.get("pg1").set(200);
        answers.get("pg2").set(200);
        assertThatThrownBy(() -> primary.resolve(cluster)).hasMessageContaining("several lead [pg1, pg2]");
    }

    @Test
    void anElectionUnderWayIsWaitedOutWithinTheBound() throws Exception {
        SystemUnderTest cluster = nodes("pg1", "pg2");
        new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answers.get("pg1").set(200);
        }).start();

        assertThat(Targets.leaderOf(List.of("pg1", "pg2"), LeaderCheck.http("/primary", 8008, 200), Duration.ofSeconds(5))
                .resolve(cluster).service()).isEqualTo("pg1");
    }

    @Test
    void anyOfWithASeedPicksTheSameEveryTimeAndWithoutOneRecordsTheSeedItDrew() {
        TargetSelector seeded = Targets.anyOf(List.of("a", "b", "c", "d"), 42L);
        String once = seeded.resolve(null).service();
        for (int i = 0; i < 5; i++) {
            assertThat(seeded.resolve(null).service()).isEqualTo(once);
        }
        TargetSelector.Resolution drawn = Targets.anyOf(List.of("a", "b", "c", "d"), null).resolve(null);
        long seed = Long.parseLong(drawn.why().replaceAll("^picked with seed (-?\\d+).*$", "$1"));
        assertThat(Targets.anyOf(List.of("a", "b", "c", "d"), seed).resolve(null).service()).as("replayed from the recorded seed")
                .isEqualTo(drawn.service());
    }

    @Test
    void aSelectedFaultResolvesWhenInjectedTellsTheDrillAndActsOnThatServiceOnly() throws Exception {
        SystemUnderTest cluster = nodes("pg1", "pg2", "pg3");
        answers.get("pg3").set(200);
        List<String> killed = new ArrayList<>();
        List<String> told = new ArrayList<>();
        Fault kill = Targets.fault("kill", Targets.leaderOf(List.of("pg1", "pg2", "pg3"), LeaderCheck.http("/primary", 8008, 200)),
                service -> new Fault() {
                    @Override
                    public String name() {
                        return "kill(" + service + ")";
                    }

                    @Override
                    public Injection inject(SystemUnderTest s) {
                        killed.add(service);
                        return () -> killed.remove(service);
                    }
                });

        Injection undo = kill.inject(cluster, new FaultEvents() {
            @Override
            public void accept(Injection u) {
            }

            @Override
            public void resolved(String selector, String service, String why) {
                told.add(service + " by " + selector);
            }
        });

        assertThat(kill.name()).isEqualTo("kill(leader-of [pg1, pg2, pg3] by GET /primary on 8008 answering 200)");
        assertThat(killed).containsExactly("pg3");
        assertThat(told).containsExactly("pg3 by leader-of [pg1, pg2, pg3] by GET /primary on 8008 answering 200");
        assertThat(((dev.firedrill.ActsOn) kill).actsOn()).containsExactly("pg1", "pg2", "pg3");
        undo.close();
        assertThat(killed).isEmpty();
        SystemUnderTest onlyPg1 = new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return Set.of("pg1");
            }

            @Override
            public Endpoint endpoint(String service, int port) {
                return new Endpoint("127.0.0.1", port);
            }

            @Override
            public Map<String, String> environment(String service) {
                return Map.of();
            }
        };
        assertThatThrownBy(() -> kill.validate(onlyPg1)).hasMessageContaining("has no service 'pg2'");
    }

    @Test
    void badSelectorsAreRefusedWithWhatIsValid() {
        assertThatThrownBy(() -> Targets.anyOf(List.of(), null)).hasMessageContaining("names the candidate services");
        assertThatThrownBy(() -> Targets.anyOf(List.of("a", "a"), null)).hasMessageContaining("'a' is named twice");
        assertThatThrownBy(() -> LeaderCheck.http("primary", 8008, 200)).hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> LeaderCheck.http("/primary", 0, 200)).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> LeaderCheck.sql(" ", 5432)).hasMessageContaining("SELECT NOT pg_is_in_recovery()");
    }
}
