package dev.firedrill.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a Compose {@code build} names: Firedrill's own images, or a folder of the user's holding a Dockerfile. */
class ContextImagesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderBesideTheComposeFileWithADockerfileIsBuildable() throws IOException {
        Files.createDirectories(dir.resolve("images/web"));
        Files.writeString(dir.resolve("images/web/Dockerfile"), "FROM firedrill/debian:bookworm\n");
        StackDefinition definition = compose("build: images/web");

        assertThat(ContextImages.dockerfile(definition.source("web"), "images/web")).contains(dir.resolve("images/web/Dockerfile"));
        assertThat(ContextImages.dockerfile(definition.source("web"), "./images/web/")).contains(dir.resolve("images/web/Dockerfile"));
        assertThat(ContextImages.dockerfile(definition.source("web"), "images/none")).isEmpty();
    }

    @Test
    void aBuildThatNamesNeitherIsRefusedSayingWhatCanBeBuilt() throws IOException {
        StackDefinition definition = compose("build: images/web");

        assertThatThrownBy(() -> new ContextImages(null).imageOf(definition, definition.service("web")))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'services.web.build' is 'images/web'")
                .hasMessageContaining("images/ledger")
                .hasMessageContaining("a folder of yours beside the Compose file that holds a Dockerfile")
                .hasMessageContaining("no Dockerfile there");
    }

    @Test
    void theBaseImagesAreTheFromLinesButTheFilesOwnStages() {
        assertThat(ContextImages.baseImages("""
                # a comment FROM nothing
                FROM firedrill/debian:bookworm AS build
                RUN make
                from --platform=linux/amd64 firedrill/jre:17
                COPY --from=build /out /app
                FROM build
                """)).containsExactly("firedrill/debian:bookworm", "firedrill/jre:17");
    }

    @Test
    void aBaseImageGivenByABuildArgumentReadsAsItsDefault() {
        assertThat(ContextImages.baseImages("""
                ARG BASE_IMAGE=firedrill/debian:bookworm
                FROM ${BASE_IMAGE}
                FROM $OTHER
                """)).as("the harness passes no build argument: the default is what is built on; an unknown one stays as written")
                .containsExactly("firedrill/debian:bookworm", "$OTHER");
    }

    @Test
    void theSentinelExampleReadsAsAStackOfSixServicesBuiltFromOneFolder() {
        StackDefinition stack = StackDefinition.load(ProjectFiles.root().resolve("examples/sentinel/docker-compose.yml"));

        assertThat(stack.services()).containsOnlyKeys("redis-1", "redis-2", "redis-3", "sentinel-1", "sentinel-2", "sentinel-3");
        assertThat(stack.services().values()).allSatisfy(s -> {
            assertThat(s.build()).contains("images/redis-ha");
            assertThat(s.healthcheck()).isPresent();
        });
        assertThat(ContextImages.dockerfile(stack.source("sentinel-2"), "images/redis-ha")).isPresent();
        assertThat(stack.service("sentinel-2").dependsOn()).containsExactly("redis-1", "redis-2", "redis-3");
        assertThat(stack.service("sentinel-2").ports()).containsExactly(26379);
        assertThat(stack.service("redis-3").command()).contains("replicaof redis-1 6379");
    }

    private StackDefinition compose(String build) throws IOException {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, "services:\n  web:\n    image: example/web\n    " + build + "\n");
        return StackDefinition.load(file);
    }
}
