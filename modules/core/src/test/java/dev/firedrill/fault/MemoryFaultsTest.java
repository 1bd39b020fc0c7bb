package dev.firedrill.fault;

import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import dev.firedrill.recovery.RestartWithLimit;
import dev.firedrill.recovery.ScaleUp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The memory faults and resource procedures as a drill file writes them, and the clear errors of bad parameters. */
class MemoryFaultsTest {

    private static final long MIB = 1L << 20;

    private static Object build(KindDescriptor.Category category, String kind, Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(category, kind);
        Map<String, Object> withDefaults = new HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void sizesAreReadAsComposeAndDockerUpdateWriteThem() {
        assertThat(ServiceResources.parseSize("256m", "x")).isEqualTo(256 * MIB);
        assertThat(ServiceResources.parseSize("1g", "x")).isEqualTo(1024 * MIB);
        assertThat(ServiceResources.parseSize("512k", "x")).isEqualTo(512 * 1024);
        assertThat(ServiceResources.parseSize(" 256MiB ", "x")).isEqualTo(256 * MIB);
        assertThat(ServiceResources.parseSize("2GB", "x")).isEqualTo(2048 * MIB);
        assertThatThrownBy(() -> ServiceResources.parseSize("256", "memory-leak(ledger): limit"))
                .hasMessage("memory-leak(ledger): limit: '256' is not a memory size; use a whole number with a unit k, m or g (KiB, MiB, GiB),"
                        + " e.g. 256m or 1g");
        assertThatThrownBy(() -> ServiceResources.parseSize("0m", "x")).hasMessageContaining("not a positive memory size");
        assertThatThrownBy(() -> ServiceResources.parseSize("1.5g", "x")).hasMessageContaining("is not a memory size");
        assertThatThrownBy(() -> ServiceResources.parseSize(null, "x")).hasMessageContaining("'null' is not a memory size");
    }

    @Test
    void limitsSayWhatTheyAre() {
        assertThat(new ServiceResources.Limits(256 * MIB, 1_500_000_000L).describe()).isEqualTo("memory 256 MiB, cpus 1.5");
        assertThat(new ServiceResources.Limits(0, 0).describe()).isEqualTo("memory unlimited, cpus unlimited");
        assertThat(new ServiceResources.Limits(2048 * MIB, 2_000_000_000L).describe()).isEqualTo("memory 2 GiB, cpus 2");
        assertThatThrownBy(() -> new ServiceResources.Limits(-1, 0)).hasMessageContaining("0 (none) or positive");
    }

    @Test
    void memoryLeakAsADrillFileWritesIt() {
        assertThat(build(KindDescriptor.Category.FAULT, "memory-leak", Map.of("target", "ledger", "rate", 16, "limit", "256m")))
                .isEqualTo(new MemoryLeakFault("ledger", 16, Optional.of(256 * MIB), Duration.ofSeconds(60)));
        assertThat(build(KindDescriptor.Category.FAULT, "memory-leak", Map.of("target", "ledger", "rate", 16)))
                .isEqualTo(new MemoryLeakFault("ledger", 16, Optional.empty(), Duration.ofSeconds(60)));
        assertThat(new MemoryLeakFault("ledger", 16, Optional.of(256 * MIB), Duration.ofSeconds(60)).name())
                .isEqualTo("memoryLeak(ledger, 16 MiB/s, limit 256 MiB)");
        assertThat(Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "memory-leak").requires())
                .containsExactlyInAnyOrder(ServiceResources.class, ServiceProcesses.class);
    }

    @Test
    void memoryLeakRefusesRatesAndLimitsThatMakeNoDrill() {
        assertThatThrownBy(() -> new MemoryLeakFault("ledger", 0, Optional.empty(), Duration.ofSeconds(60)))
                .hasMessage("memoryLeak(ledger): rate must be a whole number of MiB a second from 1 to 1024, got 0");
        assertThatThrownBy(() -> new MemoryLeakFault("ledger", 2000, Optional.empty(), Duration.ofSeconds(60)))
                .hasMessageContaining("from 1 to 1024, got 2000");
        assertThatThrownBy(() -> new MemoryLeakFault("ledger", 16, Optional.of(32 * MIB), Duration.ofSeconds(60)))
                .hasMessage("memoryLeak(ledger): limit must be at least 64 MiB (a JVM needs that much to run at all), got 32 MiB");
        assertThatThrownBy(() -> new MemoryLeakFault("ledger", 16, Optional.empty(), Duration.ZERO))
                .hasMessageContaining("within must be positive");
        assertThatThrownBy(() -> build(KindDescriptor.Category.FAULT, "memory-leak", Map.of("target", "ledger", "rate", 16, "limit", "lots")))
                .hasMessageContaining("memory-leak(ledger): limit: 'lots' is not a memory size");
    }

    @Test
    void memoryLimitAsADrillFileWritesIt() {
        assertThat(build(KindDescriptor.Category.FAULT, "memory-limit", Map.of("target", "ledger", "limit", "192m")))
                .isEqualTo(new MemoryLimitFault("ledger", 192 * MIB));
        assertThat(new MemoryLimitFault("ledger", 192 * MIB).name()).isEqualTo("memoryLimit(ledger, 192 MiB)");
        assertThatThrownBy(() -> new MemoryLimitFault("ledger", 10 * MIB)).hasMessage("memoryLimit(ledger): limit must be at least 64 MiB, got 10 MiB");
        assertThatThrownBy(() -> new MemoryLimitFault("", 128 * MIB)).hasMessageContaining("the target service must be named");
    }

    @Test
    void restartWithLimitAndScaleUpAsADrillFileWritesThem() {
        assertThat(build(KindDescriptor.Category.PROCEDURE, "restart-with-limit", Map.of("target", "ledger", "memory", "512m")))
                .isEqualTo(new RestartWithLimit("ledger", 512 * MIB));
        assertThat(build(KindDescriptor.Category.PROCEDURE, "scale-up", Map.of("target", "ledger", "cpus", 1.5, "memory", "1g")))
                .isEqualTo(new ScaleUp("ledger", 1_500_000_000L, 1024 * MIB));
        assertThat(new ScaleUp("ledger", 1_500_000_000L, 1024 * MIB).name()).isEqualTo("scaleUp(ledger, cpus 1.5, memory 1 GiB)");
        assertThat(build(KindDescriptor.Category.PROCEDURE, "scale-up", Map.of("target", "ledger", "cpus", 2)))
                .isEqualTo(new ScaleUp("ledger", 2_000_000_000L, 0));
    }

    @Test
    void restartWithLimitAndScaleUpRefuseWhatIsNoLimit() {
        assertThatThrownBy(() -> new RestartWithLimit("ledger", MIB)).hasMessage("restartWithLimit(ledger): memory must be at least 64 MiB, got 1 MiB");
        assertThatThrownBy(() -> build(KindDescriptor.Category.PROCEDURE, "scale-up", Map.of("target", "ledger")))
                .hasMessageContaining("scaleUp(ledger): give cpus (e.g. 2 or 1.5), memory (e.g. 1g) or both");
        assertThatThrownBy(() -> build(KindDescriptor.Category.PROCEDURE, "scale-up", Map.of("target", "ledger", "cpus", 0)))
                .hasMessage("scale-up(ledger): cpus must be a number above 0 and at most 256 (e.g. 2 or 1.5), got 0.0");
        assertThatThrownBy(() -> build(KindDescriptor.Category.PROCEDURE, "restart-with-limit", Map.of("target", "ledger", "memory", "-5m")))
                .hasMessageContaining("restart-with-limit(ledger): memory: '-5m' is not a memory size");
    }
}
