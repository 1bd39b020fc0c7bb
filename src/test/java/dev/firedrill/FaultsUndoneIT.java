package dev.firedrill;

import dev.firedrill.fault.Faults;
import dev.firedrill.access.Postgres;
import dev.firedrill.access.Redis;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.sql.Connection;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** A drill that throws with three faults active leaves none active: toxics gone, sessions closed, Redis limits restored. */
class FaultsUndoneIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(60)
    void aDrillThatThrowsWithThreeFaultsActiveLeavesNoneActive() throws Exception {
        {
            String maxmemory;
            try (Jedis redis = Redis.connect(stack, "redis")) {
                maxmemory = redis.configGet("maxmemory").get("maxmemory");
            }
            Recovery throwing = new Recovery() {
                @Override
                public String name() {
                    return "a procedure that throws";
                }

                @Override
                public String run(SystemUnderTest system) {
                    assertThat(DrillRunner.activeInjections()).as("three faults active while the procedure runs").isEqualTo(3);
                    throw new IllegalStateException("runbook script exited 1");
                }
            };
            Drill drill = Drill.builder("undo-3", "three faults, a failing procedure")
                    .probe(Probes.ledgerWrite())
                    .fault(Faults.latency("postgres", ofMillis(50)))
                    .fault(Faults.idleInTransaction("postgres", 2))
                    .fault(Faults.redisMemoryFull("redis"))
                    .hold(ofSeconds(1))
                    .recovery(throwing)
                    .build();

            DrillResult result = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, rec) -> { }).execute(drill, stack);

            assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
            assertThat(result.reason()).contains("runbook script exited 1");
            assertThat(DrillRunner.activeInjections()).isZero();
            var api = stack.directEndpoint("proxy", 8474);
            assertThat(new ToxiproxyClient(api.host(), api.port()).getProxy("postgres").toxics().getAll()).isEmpty();
            try (Connection db = stack.sql().connect("postgres", "it-check")) {
                assertThat(countIdle(db)).isZero();
            }
            try (Jedis redis = Redis.connect(stack, "redis")) {
                assertThat(redis.configGet("maxmemory").get("maxmemory")).isEqualTo(maxmemory);
                assertThat(redis.keys("firedrill:ballast:*")).isEmpty();
                assertThat(redis.set("it:after", "x")).isEqualTo("OK");
            }
        }
    }

    private static long countIdle(Connection db) throws Exception {
        try (var st = db.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'firedrill-idle%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
