package dev.firedrill.stack;

import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.release.StackCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * stack-down and stack-up on real containers (drills/stacks/maintenance.yml without its edge's clients): every service
 * but the kept one and the fault proxy removed, dependents first, named volumes kept; brought up again, dependencies
 * first, on the same data, through the same proxy.
 */
@Timeout(300)
class StackCycleIT {

    @Test
    void downRemovesAllButTheKeptAndTheProxyAndUpBringsThemBackOnTheSameVolumes() throws Exception {
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/maintenance.yml"))
                .only("postgres", "redis"))) {
            sql(stack, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            ServiceProcesses processes = stack.require(ServiceProcesses.class, "the test");
            String redisStarted = processes.startedAt("redis");

            String down = new StackCycle.Down(Set.of("redis"), Duration.ofSeconds(5)).run(stack);
            assertThat(down).isEqualTo("took down postgres (containers removed, volumes kept)");
            assertThat(processes.isRunning("postgres")).isFalse();
            assertThat(processes.isRunning("redis")).as("kept").isTrue();
            assertThat(processes.isRunning("proxy")).as("the fault proxy stands for the network").isTrue();
            assertThat(processes.startedAt("redis")).isEqualTo(redisStarted);

            String up = StackCycle.up().run(stack);
            assertThat(up).isEqualTo("brought up postgres, each ready");
            assertThat(sql(stack, "SELECT v FROM kept")).as("the named volume kept its data").isEqualTo(List.of(42));
            assertThat(StackCycle.up().run(stack)).isEqualTo("every service was already up");

            List<String> all = processes.down(Set.of(), Duration.ofSeconds(5));
            assertThat(all).as("dependents first").containsExactly("redis", "postgres");
            assertThat(processes.up()).containsExactly("postgres", "redis");
            assertThat(sql(stack, "SELECT v FROM kept")).isEqualTo(List.of(42));

            assertThatThrownBy(() -> processes.down(Set.of("ledger"), Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot keep [ledger]: not services the stack starts; valid: [proxy, postgres, redis]");
        }
    }

    private static List<Integer> sql(Stack stack, String sql) throws Exception {
        try (Connection c = stack.sql().connect("postgres", "stack-cycle-it"); Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return List.of();
            }
            try (ResultSet rs = st.getResultSet()) {
                List<Integer> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getInt(1));
                }
                return values;
            }
        }
    }
}
