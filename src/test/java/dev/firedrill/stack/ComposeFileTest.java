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
    void readsAVolumeThatSurvivesDestroyAndRefusesAnEntryWithNeither() throws IOException {
        Path file = write("""
                services:
                  db: {image: postgres:15, volumes: ["data:/var/lib/postgresql/data", "repo:/var/lib/pgbackrest"]}
                volumes:
                  data: {}
                  repo: {}
                x-firedrill:
                  volumes:
                    repo: {survives-destroy: true}
                """);
        StackDefinition stack = StackDefinition.load(file);
        assertThat(stack.volumes().get("repo").survivesDestroy()).isTrue();
        assertThat(stack.volumes().get("repo").sizeLimitBytes()).isEmpty();
        assertThat(stack.volumes().get("data").survivesDestroy()).isFalse();

        Path neither = write("""
                services:
                  db: {image: postgres:15, volumes: ["repo:/var/lib/pgbackrest"]}
                volumes:
                  repo: {}
                x-firedrill:
                  volumes:
                    repo: {survives-destroy: yes please}
                """);
        assertThatThrownBy(() -> StackDefinition.load(neither))
                .hasMessageContaining("x-firedrill.volumes.repo.survives-destroy").hasMessageContaining("must be true or false");
        Path empty = write("""
                services:
                  db: {image: postgres:15, volumes: ["repo:/var/lib/pgbackrest"]}
                volumes:
                  repo: {}
                x-firedrill:
                  volumes:
                    repo: {}
                """);
        assertThatThrownBy(() -> StackDefinition.load(empty))
                .hasMessageContaining("x-firedrill.volumes.repo").hasMessageContaining("needs size").hasMessageContaining("survives-destroy: true");
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

    @Test
    void theMonitoringOverlayAddsItsServicesToTheReferenceStack() {
        StackDefinition stack = StackDefinition.load(ProjectFiles.monitoredCompose());

        assertThat(stack.services()).containsOnlyKeys("proxy", "postgres", "redis", "ledger",
                "prometheus", "alertmanager", "postgres-exporter", "redis-exporter", "blackbox");
        assertThat(stack.proxy()).get().extracting(StackDefinition.ProxyDefinition::fronts).asList()
                .containsExactly("postgres", "redis", "ledger");
        assertThat(stack.service("prometheus").ports()).containsExactly(9090);
        assertThat(stack.service("prometheus").command()).contains("--web.enable-lifecycle");
        assertThat(stack.service("postgres-exporter").dependsOn()).containsExactly("postgres");
        assertThat(stack.source("prometheus")).isEqualTo(ProjectFiles.monitoredCompose().get(1));
        assertThat(stack.source("ledger")).isEqualTo(ProjectFiles.referenceCompose());
        assertThat(stack.origin()).endsWith("docker-compose.drill.yml + " + ProjectFiles.monitoredCompose().get(1));
        assertThat(stack.startOrder()).extracting(ServiceDefinition::name)
                .containsSubsequence("postgres", "postgres-exporter").containsSubsequence("redis", "redis-exporter");
    }

    @Test
    void aLaterFileMayUseAnEarlierFilesServicesAndVolumesAndItsPathsResolveInItsOwnFolder() throws IOException {
        Path base = write("""
                services:
                  db: {image: postgres:15, volumes: ["data:/var/lib/postgresql/data"]}
                volumes:
                  data: {}
                """);
        Path overlay = write("extra/overlay.yml", """
                services:
                  backup:
                    image: postgres:15
                    depends_on: [db]
                    volumes: ["data:/data:ro", "./scripts:/scripts"]
                """);

        StackDefinition stack = StackDefinition.load(java.util.List.of(base, overlay));

        assertThat(stack.service("backup").volumes()).extracting(VolumeMount::source)
                .containsExactly("data", dir.resolve("extra/scripts").toString());
        assertThat(stack.source("backup")).isEqualTo(overlay);
        assertThat(stack.source("db")).isEqualTo(base);
        assertThat(stack.startOrder()).extracting(ServiceDefinition::name).containsExactly("db", "backup");
    }

    @Test
    void aServiceDeclaredInTwoFilesIsAnErrorNamingBoth() throws IOException {
        Path base = write("services:\n  db: {image: postgres:15}\n");
        Path overlay = write("overlay.yml", "services:\n  db: {image: postgres:16}\n");

        assertThatThrownBy(() -> StackDefinition.load(java.util.List.of(base, overlay)))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'services.db' is declared in both " + base + " and " + overlay);
    }

    @Test
    void aVolumeDeclaredInTwoFilesIsAnErrorNamingBoth() throws IOException {
        Path base = write("services:\n  db: {image: postgres:15}\nvolumes:\n  data: {}\n");
        Path overlay = write("overlay.yml", "services:\n  cache: {image: redis:7}\nvolumes:\n  data: {}\n");

        assertThatThrownBy(() -> StackDefinition.load(java.util.List.of(base, overlay)))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'volumes.data' is declared in both " + base + " and " + overlay);
    }

    @Test
    void twoFaultProxiesAreAnErrorNamingBothFiles() throws IOException {
        Path overlay = write("overlay.yml", """
                services:
                  proxy2: {image: ghcr.io/shopify/toxiproxy:2.12.0, ports: ["8474", "9090"]}
                  web: {image: example/web, ports: ["9090"]}
                x-firedrill:
                  proxy: {service: proxy2, fronts: [web]}
                """);

        assertThatThrownBy(() -> StackDefinition.load(java.util.List.of(ProjectFiles.referenceCompose(), overlay)))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'x-firedrill.proxy' is declared in both " + ProjectFiles.referenceCompose() + " and " + overlay);
    }

    @Test
    void aServiceWithProfilesIsDefinedButNotStartedAndStaysForOneOffs() {
        StackDefinition stack = StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/release.yml"));

        ServiceDefinition migrations = stack.service("migrations");
        assertThat(migrations.profiles()).containsExactly("tools");
        assertThat(migrations.startsWithStack()).isFalse();
        assertThat(migrations.environment()).containsEntry("DATABASE_URL", "postgresql://ledger:ledger-secret@postgres:5432/ledger");
        assertThat(migrations.build()).contains("../../images/migrations");
        assertThat(stack.startedServices()).containsExactly("proxy", "postgres", "redis", "ledger", "ledger-b");
        assertThat(stack.startOrder()).extracting(ServiceDefinition::name).doesNotContain("migrations");
        assertThat(stack.only("ledger").services()).as("its dependency, postgres, stays").containsKey("migrations");
        assertThat(stack.only("redis").services()).as("its dependency, postgres, goes").doesNotContainKey("migrations");
        assertThat(ContextImages.dockerfile(stack.source("migrations"), migrations.build().orElseThrow()))
                .as("the build folder is images/migrations").get()
                .isEqualTo(ProjectFiles.root().resolve("images/migrations/Dockerfile").toAbsolutePath().normalize());
    }

    @Test
    void aStartedServiceThatDependsOnAServiceWithProfilesIsAnError() throws IOException {
        Path file = write("""
                services:
                  db:
                    image: postgres:15
                  migrations:
                    image: firedrill/migrations
                    profiles: [tools]
                    depends_on: [db]
                  app:
                    image: app
                    depends_on: [db, migrations]
                """);
        assertThatThrownBy(() -> StackDefinition.load(file))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("'services.app.depends_on' names 'migrations', which has profiles [tools] and so is never started")
                .hasMessageContaining("drop the dependency, or the profiles of 'migrations'");
    }

    @Test
    void aProfileNameMustBeComposesAndTheProxyCannotFrontAServiceWithProfiles() throws IOException {
        Path badName = write("""
                services:
                  tool:
                    image: tool
                    profiles: ["my tools"]
                """);
        assertThatThrownBy(() -> StackDefinition.load(badName))
                .hasMessageContaining("'services.tool.profiles' entry 'my tools' is not a profile name")
                .hasMessageContaining("e.g. tools");

        Path fronted = write("proxied.yml", """
                services:
                  proxy:
                    image: ghcr.io/shopify/toxiproxy:2.12.0
                    ports: ["8474", "5432"]
                  db:
                    image: postgres:15
                    ports: ["5432"]
                  tool:
                    image: tool
                    profiles: [tools]
                    ports: ["9000"]
                x-firedrill:
                  proxy: {service: proxy, fronts: [db, tool]}
                """);
        assertThatThrownBy(() -> StackDefinition.load(fronted))
                .hasMessageContaining("'x-firedrill.proxy.fronts' names 'tool', which is not a service the proxy can front;"
                        + " services it can front are [db] (not the proxy, not a service with profiles, which is never started)");
    }

    @Test
    void cpusIsTheServicesCpuLimitAndMustBeAPositiveNumberOfCores() throws IOException {
        Path file = write("""
                services:
                  api: {image: nginx, cpus: 1.5}
                  worker: {image: nginx, cpus: "0.5"}
                  free: {image: nginx}
                """);
        StackDefinition stack = StackDefinition.load(file);
        assertThat(stack.service("api").cpus()).contains(1.5);
        assertThat(stack.service("worker").cpus()).contains(0.5);
        assertThat(stack.service("free").cpus()).isEmpty();

        Path bad = write("bad.yml", """
                services:
                  api: {image: nginx, cpus: many}
                """);
        assertThatThrownBy(() -> StackDefinition.load(bad)).isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("services.api.cpus").hasMessageContaining("'many' is not a number of cores");
        Path zero = write("zero.yml", """
                services:
                  api: {image: nginx, cpus: 0}
                """);
        assertThatThrownBy(() -> StackDefinition.load(zero)).isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("services.api.cpus").hasMessageContaining("from 0.01 up");
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
