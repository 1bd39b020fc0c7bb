package dev.firedrill.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComposeFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheReferenceStack() {
        StackDefinition stack = StackDefinition.load(ProjectFiles.referenceCompose());

        assertThat(stack.services()).containsKeys("proxy", "postgres", "redis", "ledger");
        assertThat(stack.proxy()).get().extracting(StackDefinition.ProxyDefinition::fronts).asList()
                .containsExactly("postgres", "redis", "ledger");
        assertThat(ProxyWiring.proxyNames(stack)).containsExactly("postgres", "redis", "ledger", "ledger-8443");
        ServiceDefinition postgres = stack.service("postgres");
        assertThat(postgres.ports()).containsExactly(5432);
        assertThat(postgres.environment()).containsEntry("POSTGRES_DB", "ledger");
        assertThat(postgres.healthcheck()).get().extracting(Healthcheck::interval).isEqualTo(Duration.ofMillis(500));
        assertThat(stack.service("ledger").dependsOn()).containsExactly("postgres", "redis");
        assertThat(stack.service("ledger").build()).contains("images/ledger");
        assertThat(stack.startOrder()).extracting(ServiceDefinition::name).containsExactly("proxy", "postgres", "redis", "ledger");
    }

    @Test
    void keepsOnlyTheNamedServicesAndTheirDependencies() {
        StackDefinition stack = StackDefinition.load(ProjectFiles.referenceCompose()).only("ledger");
        assertThat(stack.services()).as("with the proxy that fronts them").containsOnlyKeys("proxy", "postgres", "redis", "ledger");

        StackDefinition redisOnly = StackDefinition.load(ProjectFiles.referenceCompose()).only("redis");
        assertThat(redisOnly.services()).containsOnlyKeys("redis", "proxy");
        assertThat(redisOnly.proxy()).get().extracting(StackDefinition.ProxyDefinition::fronts).asList().containsExactly("redis");
    }

    @Test
    void unknownKeyNamesTheFieldAndTheValidKeys() throws IOException {
        Path file = write("""
                services:
                  db:
                    image: postgres:15
                    enviroment: {A: b}
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'services.db.enviroment' is not supported")
                .hasMessageContaining("environment");
    }

    @Test
    void durationWithoutUnitIsRejected() throws IOException {
        Path file = write("""
                services:
                  db:
                    image: postgres:15
                    healthcheck:
                      test: ["CMD", "true"]
                      interval: 5
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .hasMessageContaining("'services.db.healthcheck.interval' '5' is not a duration; use e.g. 500ms, 2s, 1m30s");
    }

    @Test
    void dependencyOnUnknownServiceIsRejected() throws IOException {
        Path file = write("""
                services:
                  app:
                    image: app
                    depends_on: [db]
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .hasMessageContaining("'services.app.depends_on' names unknown service 'db'; services are [app]");
    }

    @Test
    void undeclaredVolumeIsRejected() throws IOException {
        Path file = write("""
                services:
                  db:
                    image: postgres:15
                    volumes: ["data:/var/lib/postgresql/data"]
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .hasMessageContaining("names volume 'data', which is not declared under the top-level 'volumes'");
    }

    @Test
    void readsSizeLimitedVolumesAndTheProxy() throws IOException {
        Path file = write("""
                services:
                  proxy: {image: ghcr.io/shopify/toxiproxy:2.12.0, ports: ["8474", "5432"]}
                  db: {image: postgres:15, ports: ["5432"], volumes: ["data:/var/lib/postgresql/data"]}
                volumes:
                  data: {}
                x-firedrill:
                  proxy: {service: proxy, fronts: [db]}
                  volumes:
                    data: {size: 64m}
                """);
        StackDefinition stack = StackDefinition.load(file);
        assertThat(stack.volumes().get("data").sizeLimitBytes()).contains(64L << 20);
        assertThat(stack.proxied("db")).isTrue();
        assertThat(ProxyWiring.proxyNames(stack)).containsExactly("db");
        assertThat(stack.only("db").services()).containsOnlyKeys("db", "proxy");
    }

    @Test
    void proxyMustExposeEveryFrontedPort() throws IOException {
        Path file = write("""
                services:
                  proxy: {image: ghcr.io/shopify/toxiproxy:2.12.0, ports: ["8474"]}
                  db: {image: postgres:15, ports: ["5432"]}
                x-firedrill:
                  proxy: {service: proxy, fronts: [db]}
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .hasMessageContaining("'services.proxy.ports' must include 5432 (fronted for 'db')");
    }

    @Test
    void dependencyCycleIsRejected() throws IOException {
        Path file = write("""
                services:
                  a: {image: x, depends_on: [b]}
                  b: {image: y, depends_on: [a]}
                """);
        assertThatThrownBy(() -> StackDefinition.load(file)).hasMessageContaining("depends_on forms a cycle");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
