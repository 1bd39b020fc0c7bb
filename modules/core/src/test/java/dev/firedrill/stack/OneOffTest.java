package dev.firedrill.stack;

import dev.firedrill.capability.OneOff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneOffTest {

    @Test
    void withersReturnChangedCopies() {
        OneOff base = OneOff.of("postgres", "pg_restore", "--list", "/backups/b.dump");
        OneOff changed = base.asUser("postgres").withEnv(Map.of("A", "1")).withVolume("vol", "/backups").within(Duration.ofSeconds(5));

        assertThat(base.user()).isNull();
        assertThat(base.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(changed.user()).isEqualTo("postgres");
        assertThat(changed.env()).containsEntry("A", "1");
        assertThat(changed.volumes()).containsEntry("vol", "/backups");
        assertThat(changed.command()).isEqualTo(List.of("pg_restore", "--list", "/backups/b.dump"));
        assertThat(new OneOff.Result(0, "").succeeded()).isTrue();
        assertThat(new OneOff.Result(1, "").succeeded()).isFalse();
    }

    @Test
    void misuseNamesTheField() {
        assertThatThrownBy(() -> OneOff.of("postgres")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command");
        assertThatThrownBy(() -> OneOff.of(" ", "ls")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageOf");
        assertThatThrownBy(() -> OneOff.of("postgres", "ls").within(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
}
