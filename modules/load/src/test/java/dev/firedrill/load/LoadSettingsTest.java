package dev.firedrill.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSettingsTest {

    @Test
    void rateMixAndDurationsComeFromSystemPropertiesWithoutCode() {
        LoadSettings s = LoadSettings.defaults().overriddenBy(Map.of("load.rate", "300", "load.writeShare", "0.2",
                "load.maxDuration", "PT2M", "load.warmUp", "PT1S", "load.baseline", "PT0S")::get);

        assertThat(s.rate()).isEqualTo(300.0);
        assertThat(s.writeShare()).isEqualTo(0.2);
        assertThat(s.maxDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.warmUp()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.baseline()).isZero();
        assertThat(s.path()).isEqualTo("load");
    }

    @Test
    void absentPropertiesKeepWhatTheDrillSays() {
        LoadSettings drill = LoadSettings.defaults().rate(30).writeShare(1.0);

        assertThat(drill.overriddenBy(key -> null)).isEqualTo(drill);
    }

    @Test
    void invalidValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> LoadSettings.defaults().rate(0)).hasMessageContaining("rate");
        assertThatThrownBy(() -> LoadSettings.defaults().writeShare(1.5)).hasMessageContaining("writeShare");
        assertThatThrownBy(() -> LoadSettings.defaults().overriddenBy(Map.of("load.rate", "fast")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load.rate='fast'");
        assertThatThrownBy(() -> LoadSettings.defaults().warmUp(Duration.ofSeconds(-1))).hasMessageContaining("warmUp");
    }
}
