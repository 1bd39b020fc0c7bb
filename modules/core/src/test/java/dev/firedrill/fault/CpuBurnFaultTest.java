package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceSidecars;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The cpu-burn fault: parameters, the stress-ng command, and the arithmetic of its effect check (no container). */
class CpuBurnFaultTest {

    private static Object build(Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "cpu-burn");
        Map<String, Object> withDefaults = new HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void aDrillFileEntryTakesOneCoreAtFullLoadByDefault() {
        assertThat(build(Map.of("target", "ledger"))).isEqualTo(new CpuBurnFault("ledger", 1, 100, Optional.empty()));
        assertThat(build(Map.of("target", "ledger", "cores", 2, "load", 80, "duration", Duration.ofSeconds(90))))
                .isEqualTo(new CpuBurnFault("ledger", 2, 80, Optional.of(Duration.ofSeconds(90))));
        assertThat(new CpuBurnFault("ledger", 2, 80, Optional.empty()).name()).isEqualTo("cpuBurn(ledger, 2 cores at 80%)");
        assertThat(Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "cpu-burn").requires())
                .containsExactlyInAnyOrder(ServiceSidecars.class, ServiceCommands.class);
    }

    @Test
    void theBurnIsBoundedByItsTimeoutAlways() {
        assertThat(new CpuBurnFault("ledger", 2, 50, Optional.empty()).command())
                .containsExactly("stress-ng", "--cpu", "2", "--cpu-load", "50", "--timeout", "900s", "--metrics-brief");
        assertThat(new CpuBurnFault("ledger", 1, 100, Optional.of(Duration.ofSeconds(30))).command()).containsSequence("--timeout", "30s");
    }

    @Test
    void badParametersSayWhatIsValid() {
        assertThatThrownBy(() -> new CpuBurnFault("ledger", 0, 100, Optional.empty()))
                .hasMessage("cpuBurn(ledger): cores (stress-ng CPU workers) must be 1 .. 64, got 0");
        assertThatThrownBy(() -> new CpuBurnFault("ledger", 1, 101, Optional.empty()))
                .hasMessage("cpuBurn(ledger): load must be a percent of a core per worker, 1 .. 100, got 101");
        assertThatThrownBy(() -> new CpuBurnFault("ledger", 1, 0, Optional.empty())).hasMessageContaining("1 .. 100, got 0");
        assertThatThrownBy(() -> new CpuBurnFault("ledger", 1, 100, Optional.of(Duration.ofMillis(1500))))
                .hasMessageContaining("duration must be whole seconds, at least 1 s");
        assertThatThrownBy(() -> new CpuBurnFault(" ", 1, 100, Optional.empty())).hasMessageContaining("the target service must be named");
    }

    @Test
    void aSystemWithoutSidecarsIsRefusedNamingTheCapability() {
        SystemUnderTest system = FakeSystem.of(Map.of("ledger", "http"));
        assertThatThrownBy(() -> new CpuBurnFault("ledger", 1, 100, Optional.empty()).validate(system))
                .hasMessageContaining("ServiceSidecars");
        assertThatThrownBy(() -> new CpuBurnFault("shop", 1, 100, Optional.empty()).validate(system)).hasMessageContaining("shop");
    }

    @Test
    void theBurnAsksCoresTimesLoadCappedByTheQuotaAndTheMachine() {
        assertThat(CpuBurnFault.expectedCores(2, 100, 1.0, 2)).isEqualTo(1.0);
        assertThat(CpuBurnFault.expectedCores(1, 50, 1.0, 2)).isEqualTo(0.5);
        assertThat(CpuBurnFault.expectedCores(4, 100, -1, 2)).isEqualTo(2.0);
        assertThat(CpuBurnFault.expectedCores(1, 100, 4.0, 2)).isEqualTo(1.0);
    }

    @Test
    void theBurnIsSeenAtAQuarterOfWhatItAsksOrHoldingMostOfTheServicesCpuOnASaturatedMachine() {
        assertThat(CpuBurnFault.seen(0.3, 0.9, 1.0)).as("a quarter of the core asked").isTrue();
        assertThat(CpuBurnFault.seen(0.19, 0.23, 1.0)).as("saturated machine: most of what the service got").isTrue();
        assertThat(CpuBurnFault.seen(0.1, 0.6, 1.0)).as("the service's own work, not the burn").isFalse();
        assertThat(CpuBurnFault.seen(0.0, 0.0, 1.0)).as("nothing burnt").isFalse();
    }

    @Test
    void cgroupReadingsGiveTheCoresKeptBusy() {
        CpuBurnFault.CpuUsage before = CpuBurnFault.CpuUsage.parse("1000000000\n100000\n100000\n2\n", 0);
        CpuBurnFault.CpuUsage after = CpuBurnFault.CpuUsage.parse("2800000000\n100000\n100000\n2\n", 2_000_000_000L);
        assertThat(after.quotaCores()).isEqualTo(1.0);
        assertThat(after.machineCores()).isEqualTo(2);
        assertThat(after.coresBusySince(before)).isCloseTo(0.9, within(1e-9));
        assertThat(CpuBurnFault.CpuUsage.parse("5\n-1\n100000\n2", 0).quotaCores()).isEqualTo(-1);
        assertThatThrownBy(() -> CpuBurnFault.CpuUsage.parse("5\n-1", 0)).hasMessageContaining("expected cpuacct.usage");
    }
}
