package dev.firedrill.load;

import dev.firedrill.Objective;
import dev.firedrill.Workload;
import io.gatling.javaapi.core.Simulation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadsTest {

    private static final SimulationSettings SHOP = SimulationSettings.against("shop", 8080).property("shop.usersPerSecond", "10");

    /** A simulation Gatling could not create: no public no-argument constructor. */
    public static class NeedsArguments extends Simulation {
        public NeedsArguments(int users) {
        }
    }

    @Test
    void aSimulationOfYourOwnBringsItsAssertionsAsAnObjective() {
        Workload load = Loads.gatling(LedgerSimulation.class, SHOP);

        assertThat(load.name()).isEqualTo("Gatling LedgerSimulation on shop:8080 with {shop.usersPerSecond=10}");
        assertThat(load.objectives()).extracting(Objective::name).containsExactly("gatling-assertions(LedgerSimulation)");
        assertThat(Loads.gatling("dev.firedrill.load.LedgerSimulation", SHOP).objectives()).isEqualTo(load.objectives());
        assertThat(Loads.ledger().objectives()).as("the built-in simulation has no assertions to judge").isEmpty();
    }

    @Test
    void aClassThatIsMissingOrIsNoSimulationIsRefusedNamingIt() {
        assertThatThrownBy(() -> Loads.gatling("com.acme.CheckoutSimulation", SHOP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'com.acme.CheckoutSimulation' is not on the classpath").hasMessageContaining("fully qualified");
        assertThatThrownBy(() -> Loads.gatling("java.lang.String", SHOP))
                .hasMessageContaining("'java.lang.String' is not a Gatling simulation")
                .hasMessageContaining("io.gatling.javaapi.core.Simulation");
        assertThatThrownBy(() -> Loads.gatling(NeedsArguments.class, SHOP))
                .hasMessageContaining(NeedsArguments.class.getName()).hasMessageContaining("public no-argument constructor");
        assertThatThrownBy(() -> Loads.gatling(Simulation.class, SHOP)).hasMessageContaining("non-abstract");
        assertThatThrownBy(() -> Loads.gatling(" ", SHOP)).hasMessageContaining("fully qualified class name");
    }
}
