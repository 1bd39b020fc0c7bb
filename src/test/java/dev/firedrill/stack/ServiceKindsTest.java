package dev.firedrill.stack;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceKindsTest {

    private static final StackDefinition REFERENCE = StackDefinition.load(ProjectFiles.referenceCompose());

    @Test
    void theProxyIsNeitherPostgresNorRedisThoughItPublishesTheirPorts() {
        assertThat(ServiceKinds.protocol(REFERENCE, "proxy")).isEmpty();
        assertThat(ServiceKinds.protocol(REFERENCE, "postgres")).contains("postgres");
        assertThat(ServiceKinds.protocol(REFERENCE, "redis")).contains("redis");
        assertThat(ServiceKinds.protocol(REFERENCE, "ledger")).isEqualTo(Optional.of("http"));
    }

    @Test
    void imageRepositoriesAreReadWithoutRegistryTagOrDigest() {
        assertThat(ServiceKinds.repository("postgres:15")).isEqualTo("postgres");
        assertThat(ServiceKinds.repository("docker.io/library/postgres:15")).isEqualTo("postgres");
        assertThat(ServiceKinds.repository("firedrill/postgres:15")).isEqualTo("firedrill/postgres");
        assertThat(ServiceKinds.repository("localhost:5000/redis@sha256:abc")).isEqualTo("redis");
    }
}
