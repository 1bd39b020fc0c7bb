package dev.firedrill.capability;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelperContainersTest {

    private static final Map<String, byte[]> CONTEXT = Map.of("Dockerfile", "FROM scratch\n".getBytes());

    @Test
    void aHelperIsReachedByTheServicesUnderItsAlias() {
        HelperContainers.Helper helper = new HelperContainers.Helper("alert-receiver", "firedrill/alert-receiver", CONTEXT, 9095, "/ready");
        assertThat(helper.alias()).isEqualTo("firedrill-alert-receiver");
    }

    @Test
    void badHelpersAreRefusedSayingWhatIsValid() {
        assertThatThrownBy(() -> new HelperContainers.Helper("Alert Receiver", "r", CONTEXT, 9095, "/ready"))
                .hasMessageContaining("[a-z0-9][a-z0-9-]*").hasMessageContaining("'Alert Receiver'");
        assertThatThrownBy(() -> new HelperContainers.Helper("a", "r", Map.of("receiver.py", new byte[0]), 9095, "/ready"))
                .hasMessageContaining("no Dockerfile").hasMessageContaining("receiver.py");
        assertThatThrownBy(() -> new HelperContainers.Helper("a", "r", CONTEXT, 0, "/ready")).hasMessageContaining("from 1 to 65535, got 0");
        assertThatThrownBy(() -> new HelperContainers.Helper("a", "r", CONTEXT, 9095, "ready")).hasMessageContaining("starting with '/'");
    }
}
