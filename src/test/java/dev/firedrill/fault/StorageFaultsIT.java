package dev.firedrill.fault;

import dev.firedrill.access.Redis;

import dev.firedrill.Injection;
import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Storage faults for real: PostgreSQL's size-limited volume filled until writes fail, Redis at maxmemory with noeviction. */
@Timeout(60)
class StorageFaultsIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() throws Exception {
        LoopVolumes.fromEnvironment().unsupportedReason().ifPresent(reason -> Assumptions.abort("skipped: " + reason));
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/storage-full.yml")).only("postgres", "redis"));
        try (Connection db = stack.sql().connect("postgres", "it-setup"); Statement st = db.createStatement()) {
            st.execute("CREATE TABLE it_disk(id serial, payload text)");
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fillVolumeMakesWritesFailWithNoSpaceAndUndoFreesIt() throws Exception {
        Injection full = Faults.fillVolume("postgres").inject(stack);
        try {
            assertThatThrownBy(StorageFaultsIT::writeMegabytes)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(e.getMessage() + " " + stack.processes().logs("postgres")).contains("No space left on device"));
        } finally {
            full.close();
        }
        await("writes succeed again").atMost(ofSeconds(40)).ignoreExceptions().until(() -> {
            writeMegabytes();
            return true;
        });
    }

    @Test
    void redisAtMaxmemoryAnswersOomAndUndoRestoresTheLimit() {
        try (Jedis redis = Redis.connect(stack, "redis")) {
            String maxmemory = redis.configGet("maxmemory").get("maxmemory");
            try (Injection oom = Faults.redisMemoryFull("redis").inject(stack)) {
                assertThatThrownBy(() -> redis.set("it:oom", "x")).hasMessageStartingWith("OOM");
                assertThat(redis.configGet("maxmemory-policy").get("maxmemory-policy")).isEqualTo("noeviction");
            }
            assertThat(redis.set("it:oom", "x")).isEqualTo("OK");
            assertThat(redis.configGet("maxmemory").get("maxmemory")).isEqualTo(maxmemory);
            assertThat(redis.keys("firedrill:ballast:*")).isEmpty();
        }
    }

    private static void writeMegabytes() throws SQLException {
        try (Connection db = stack.sql().connect("postgres", "it-writer"); Statement st = db.createStatement()) {
            st.execute("INSERT INTO it_disk(payload) SELECT md5(g::text) || repeat('x', 1000) FROM generate_series(1, 2000) g");
            st.execute("CHECKPOINT");
        }
    }
}
