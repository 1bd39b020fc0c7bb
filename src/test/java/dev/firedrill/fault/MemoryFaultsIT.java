package dev.firedrill.fault;

import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.recovery.RestartWithLimit;
import dev.firedrill.recovery.ScaleUp;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The memory faults and the resource procedures on the real reference stack: a real native leak until the kernel's OOM
 * killer ends the ledger (the engine's oom event, its instant reported as the fault's), restart-with-limit, a lowered
 * limit and its undo, and scale-up on the same container.
 */
@Timeout(60)
class MemoryFaultsIT {

    private static final long MIB = 1L << 20;
    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = ReferenceStack.start();
        await("ledger writes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ReferenceStack.postEntry(stack, "warm-" + UUID.randomUUID()).startsWith("201"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void ledgerRuns() {
        if (!stack.processes().isRunning("ledger")) {
            stack.processes().start("ledger");
        }
    }

    private static ServiceResources resources() {
        return stack.capability(ServiceResources.class).orElseThrow();
    }

    @Test
    void theLeakGrowsUntilTheKernelOomKillsTheServiceAndActsAtTheEnginesInstant() {
        long before = resources().limits("ledger").memoryBytes();
        AtomicReference<Instant> acted = new AtomicReference<>();
        List<String> observed = new ArrayList<>();
        List<Injection> undos = new ArrayList<>();
        Instant began = Instant.now();
        ServiceResources.OomWatch watch = resources().watchOomKills("ledger");
        Injection leak = new MemoryLeakFault("ledger", 64, Optional.of(256 * MIB), Duration.ofSeconds(40)).inject(stack, new FaultEvents() {
            @Override
            public void accept(Injection undo) {
                undos.add(undo);
            }

            @Override
            public void acting(Instant at) {
                acted.set(at);
            }

            @Override
            public void observed(String kind, String detail, Instant at) {
                observed.add(kind + " " + detail);
            }
        });
        Instant returned = Instant.now();
        List<Instant> kills = watch.kills();
        watch.close();
        System.out.println("memory-leak: OOM kill " + Duration.between(began, kills.get(0)).toMillis() + " ms after injection began; "
                + observed);
        assertThat(stack.processes().isRunning("ledger")).as("OOM-killed").isFalse();
        assertThat(acted.get()).as("acts at the engine's first oom event, not when the harness noticed").isEqualTo(kills.get(0))
                .isAfter(began).isBefore(returned);
        assertThat(resources().lastOomKill("ledger")).as("the engine's State.OOMKilled, at the container's end")
                .hasValueSatisfying(end -> assertThat(end).isBetween(kills.get(0), returned));
        assertThat(observed).singleElement().asString().startsWith("oom-kill the kernel OOM-killed 'ledger' at its 256 MiB memory limit");
        assertThat(resources().limits("ledger").memoryBytes()).isEqualTo(256 * MIB);

        String restarted = new RestartWithLimit("ledger", 512 * MIB).run(stack);
        assertThat(restarted).startsWith("found 'ledger' down (OOM-killed, the engine says, at ")
                .endsWith("memory limit 256 MiB -> 512 MiB; started; ready");
        assertThat(ReferenceStack.postEntry(stack, "after-oom-" + UUID.randomUUID())).startsWith("201");

        leak.close();
        assertThat(undos).contains(leak);
        assertThat(resources().limits("ledger").memoryBytes()).as("the fix's limit is not undone with the fault").isEqualTo(512 * MIB);
        resources().limitMemory("ledger", before);
    }

    @Test
    void memoryLimitLowersTheRunningContainersLimitAndUndoRestoresIt() {
        String startedAt = stack.processes().startedAt("ledger");
        long before = resources().limits("ledger").memoryBytes();
        try (Injection lowered = new MemoryLimitFault("ledger", 384 * MIB).inject(stack)) {
            assertThat(resources().limits("ledger").memoryBytes()).isEqualTo(384 * MIB);
            assertThat(resources().memoryUsage("ledger")).isLessThan(384 * MIB).isGreaterThan(16 * MIB);
            assertThat(ReferenceStack.postEntry(stack, "limited-" + UUID.randomUUID())).startsWith("201");
        }
        assertThat(resources().limits("ledger").memoryBytes()).isEqualTo(before);
        assertThat(stack.processes().startedAt("ledger")).as("not restarted").isEqualTo(startedAt);
    }

    @Test
    void scaleUpRaisesTheLimitsOnTheSameContainerWithoutARestart() {
        resources().limitCpus("ledger", 500_000_000L);
        resources().limitMemory("ledger", 384 * MIB);
        String container = resources().instance("ledger");
        String startedAt = stack.processes().startedAt("ledger");

        String done = new ScaleUp("ledger", 1_500_000_000L, 768 * MIB).run(stack);

        assertThat(done).isEqualTo("'ledger' memory 384 MiB, cpus 0.5 -> memory 768 MiB, cpus 1.5, same container, not restarted");
        assertThat(resources().limits("ledger")).isEqualTo(new ServiceResources.Limits(768 * MIB, 1_500_000_000L));
        assertThat(resources().instance("ledger")).isEqualTo(container);
        assertThat(stack.processes().startedAt("ledger")).isEqualTo(startedAt);
        assertThat(ReferenceStack.postEntry(stack, "scaled-" + UUID.randomUUID())).startsWith("201");
    }
}
