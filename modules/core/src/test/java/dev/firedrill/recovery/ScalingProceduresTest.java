package dev.firedrill.recovery;

import dev.firedrill.capability.Network;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** scale-out and scale-in: parameters and what they need (no container). */
class ScalingProceduresTest {

    private static Object build(String kind, Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(KindDescriptor.Category.PROCEDURE, kind);
        Map<String, Object> withDefaults = new HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void asADrillFileWritesThem() {
        assertThat(build("scale-out", Map.of("target", "ledger", "instances", 3, "behind", "lb")))
                .isEqualTo(new ScaleOut("ledger", 3, Optional.of("lb")));
        assertThat(build("scale-out", Map.of("target", "worker", "instances", 2))).isEqualTo(new ScaleOut("worker", 2, Optional.empty()));
        assertThat(build("scale-in", Map.of("target", "ledger", "instances", 1, "behind", "lb")))
                .isEqualTo(new ScaleIn("ledger", 1, Optional.of("lb")));
        assertThat(new ScaleOut("ledger", 3, Optional.of("lb")).name()).isEqualTo("scaleOut(ledger to 3 behind lb)");
        assertThat(new ScaleIn("worker", 1, Optional.empty()).name()).isEqualTo("scaleIn(worker to 1)");
    }

    @Test
    void aLoadBalancerNeedsCommandsAndTheNetworkBesidesScaling() {
        assertThat(new ScaleOut("ledger", 3, Optional.of("lb")).requires())
                .containsExactlyInAnyOrder(ServiceScaling.class, ServiceCommands.class, Network.class);
        assertThat(new ScaleIn("worker", 1, Optional.empty()).requires())
                .containsExactlyInAnyOrder(ServiceScaling.class, ServiceCommands.class, Network.class);
    }

    @Test
    void badCountsAndLoadBalancersSayWhatIsValid() {
        assertThatThrownBy(() -> new ScaleOut("ledger", 0, Optional.empty()))
                .hasMessage("scaleOut(ledger): instances must be 1 .. 10 (the service itself included), got 0");
        assertThatThrownBy(() -> new ScaleOut("ledger", 11, Optional.empty())).hasMessageContaining("1 .. 10");
        assertThatThrownBy(() -> new ScaleIn("ledger", 0, Optional.empty()))
                .hasMessage("scaleIn(ledger): instances must be 1 .. 10 (the service itself included), got 0");
        assertThatThrownBy(() -> new ScaleOut("ledger", 3, Optional.of(" ")))
                .hasMessage("scaleOut(ledger): behind must name the load balancer in front of it, got ' '");
        assertThatThrownBy(() -> new ScaleIn(" ", 1, Optional.empty())).hasMessageContaining("scaleIn");
    }
}
