package dev.firedrill.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationSettingsTest {

    @Test
    void defaultsAreTheBuiltInLoadsRecording() {
        SimulationSettings s = SimulationSettings.against("shop", 8080);

        assertThat(s.baseUrlProperty()).isEqualTo("load.baseUrl");
        assertThat(s.properties()).isEmpty();
        assertThat(s.warmUp()).isEqualTo(LoadSettings.defaults().warmUp());
        assertThat(s.baseline()).isEqualTo(LoadSettings.defaults().baseline());
        assertThat(s.path()).isEqualTo("load");
    }

    @Test
    void aPropertyTheJvmAlreadyHasKeepsItsValue() {
        SimulationSettings s = SimulationSettings.against("shop", 8080).property("shop.usersPerSecond", "10")
                .property("shop.region", "eu");

        assertThat(s.runProperties(Map.of("shop.usersPerSecond", "50")::get))
                .containsExactly(Map.entry("shop.usersPerSecond", "50"), Map.entry("shop.region", "eu"));
    }

    @Test
    void invalidValuesAreRejectedNamingTheField() {
        SimulationSettings s = SimulationSettings.against("shop", 8080);
        assertThatThrownBy(() -> SimulationSettings.against(" ", 8080)).hasMessageContaining("service");
        assertThatThrownBy(() -> SimulationSettings.against("shop", 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> s.baseUrlProperty("base url")).hasMessageContaining("baseUrlProperty").hasMessageContaining("'base url'");
        assertThatThrownBy(() -> s.property("load.baseUrl", "http://elsewhere"))
                .hasMessageContaining("'load.baseUrl' is the base URL property").hasMessageContaining("shop:8080");
        assertThatThrownBy(() -> s.warmUp(Duration.ofSeconds(-1))).hasMessageContaining("warmUp");
        assertThatThrownBy(() -> s.path("")).hasMessageContaining("path");
    }
}
