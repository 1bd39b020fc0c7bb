package dev.firedrill.fault;

import dev.firedrill.access.Redis;

import dev.firedrill.Injection;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Process faults on a real Redis container: the process is gone, frozen or new; undo brings it back. */
@Timeout(60)
class ProcessFaultsIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = ReferenceStack.start("redis");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killTakesTheProcessAwayAndUndoStartsItAgain() {
        Injection kill = Faults.kill("redis").inject(stack);
        assertThat(stack.processes().isRunning("redis")).isFalse();
        kill.close();
        kill.close();
        assertThat(stack.processes().isRunning("redis")).isTrue();
        assertThat(ping()).isEqualTo("PONG");
    }

    @Test
    void stopEndsTheProcessGracefully() {
        try (Injection stop = Faults.stop("redis", ofSeconds(5)).inject(stack)) {
            assertThat(stack.processes().isRunning("redis")).isFalse();
            assertThat(stack.processes().logs("redis")).contains("Received SIGTERM");
        }
        assertThat(ping()).isEqualTo("PONG");
    }

    @Test
    void pauseFreezesTheProcessAndUndoThawsIt() {
        String before = runId();
        try (Injection pause = Faults.pause("redis").inject(stack)) {
            var endpoint = stack.directEndpoint("redis", 6379);
            assertThatThrownBy(() -> {
                try (Jedis redis = new Jedis(endpoint.host(), endpoint.port(), 1000)) {
                    redis.ping();
                }
            }).hasMessageContaining("timed out");
        }
        assertThat(ping()).isEqualTo("PONG");
        assertThat(runId()).as("the same process, thawed").isEqualTo(before);
    }

    @Test
    void restartReplacesTheProcess() {
        String before = runId();
        try (Injection restart = Faults.restart("redis").inject(stack)) {
            assertThat(runId()).isNotEqualTo(before);
        }
        assertThat(ping()).isEqualTo("PONG");
    }

    private static String ping() {
        try (Jedis redis = Redis.connect(stack, "redis")) {
            return redis.ping();
        }
    }

    private static String runId() {
        try (Jedis redis = Redis.connect(stack, "redis")) {
            return redis.info("server").lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow();
        }
    }
}
