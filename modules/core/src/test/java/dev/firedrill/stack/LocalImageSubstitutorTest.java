package dev.firedrill.stack;

import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalImageSubstitutorTest {

    private static DockerImageName substitute(ImageMode mode, Set<String> present, String image) {
        return new LocalImageSubstitutor(mode, present::contains).apply(DockerImageName.parse(image));
    }

    @Test
    void autoPrefersAPublicImageThatIsPresent() {
        assertThat(substitute(ImageMode.AUTO, Set.of("postgres:15", "firedrill/postgres:15"), "postgres:15").asCanonicalNameString())
                .isEqualTo("postgres:15");
    }

    @Test
    void autoFallsBackToTheLocalImageWhenOnlyItIsPresent() {
        DockerImageName chosen = substitute(ImageMode.AUTO, Set.of("firedrill/postgres:15"), "postgres:15");
        assertThat(chosen.asCanonicalNameString()).isEqualTo("firedrill/postgres:15");
        assertThat(chosen.isCompatibleWith(DockerImageName.parse("postgres"))).isTrue();
    }

    @Test
    void autoKeepsThePublicImageWhenNeitherIsPresentSoItCanBePulled() {
        assertThat(substitute(ImageMode.AUTO, Set.of(), "redis:7").asCanonicalNameString()).isEqualTo("redis:7");
    }

    @Test
    void localModeAlwaysSubstitutesAndPublicModeNever() {
        assertThat(substitute(ImageMode.LOCAL, Set.of("redis:7"), "redis:7").asCanonicalNameString()).isEqualTo("firedrill/redis:7");
        assertThat(substitute(ImageMode.PUBLIC, Set.of("firedrill/redis:7"), "redis:7").asCanonicalNameString()).isEqualTo("redis:7");
    }

    @Test
    void imagesWithoutALocalCounterpartAreLeftAlone() {
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "mycompany/payments:3.1").asCanonicalNameString())
                .isEqualTo("mycompany/payments:3.1");
    }

    @Test
    void dockerHubLibraryPrefixIsUnderstood() {
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "docker.io/library/nginx:1.25").asCanonicalNameString())
                .isEqualTo("firedrill/nginx:latest");
    }

    @Test
    void theMonitoringToolsHaveLocalImages() {
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "prom/prometheus:v2.42.0").asCanonicalNameString())
                .isEqualTo("firedrill/prometheus:latest");
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "prom/alertmanager:v0.25.0").asCanonicalNameString())
                .isEqualTo("firedrill/alertmanager:latest");
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "prometheuscommunity/postgres-exporter:v0.11.1").asCanonicalNameString())
                .isEqualTo("firedrill/postgres-exporter:latest");
        assertThat(substitute(ImageMode.LOCAL, Set.of(), "docker.io/oliver006/redis_exporter:v1.45.0").asCanonicalNameString())
                .isEqualTo("firedrill/redis-exporter:latest");
        DockerImageName blackbox = substitute(ImageMode.AUTO, Set.of("firedrill/blackbox-exporter"), "prom/blackbox-exporter:v0.23.0");
        assertThat(blackbox.asCanonicalNameString()).isEqualTo("firedrill/blackbox-exporter:latest");
        assertThat(blackbox.isCompatibleWith(DockerImageName.parse("prom/blackbox-exporter"))).isTrue();
    }

    @Test
    void invalidModeNamesTheValidOnes() {
        assertThatThrownBy(() -> ImageMode.parse("offline"))
                .hasMessage("FIREDRILL_IMAGES='offline' is not valid; use public, local or auto");
        assertThat(ImageMode.parse(null)).isEqualTo(ImageMode.AUTO);
        assertThat(ImageMode.parse(" Local ")).isEqualTo(ImageMode.LOCAL);
    }
}
