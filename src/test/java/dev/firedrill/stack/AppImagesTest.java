package dev.firedrill.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The images Firedrill builds are described by the modules that ship them, and carry those modules only. */
class AppImagesTest {

    @Test
    void theLedgerAndTheFaultProxyModulesEachDescribeTheirImage() {
        assertThat(AppImages.onClasspath()).extracting(AppImages.AppImage::folder).containsExactlyInAnyOrder("ledger", "toxiproxy");
        AppImages.AppImage ledger = AppImages.find("ledger").orElseThrow();
        assertThat(ledger.repository()).isEqualTo("firedrill/ledger");
        assertThat(ledger.artifact()).isEqualTo("dev.firedrill:firedrill-ledger");
        assertThat(ledger.anchorClasses()).contains("org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource").hasSize(10);
        assertThat(AppImages.find("toxiproxy").orElseThrow().anchorClasses()).isEmpty();
        assertThat(AppImages.find("web")).isEmpty();
    }

    @Test
    void theLedgerListsEveryReleaseItsCodeKnows() {
        AppImages.AppImage ledger = AppImages.find("ledger").orElseThrow();
        assertThat(ledger.versions()).containsExactly("1.0.0", "1.0.1", "2.0.0").isEqualTo(dev.firedrill.ledger.Release.versions());
        assertThat(ledger.versionVariable()).isEqualTo("LEDGER_VERSION");
        assertThat(AppImages.find("toxiproxy").orElseThrow().versions()).isEmpty();
    }

    @Test
    void aComposeImageTaggedWithAVersionAsksForThatVersionImage() {
        AppImages.AppImage ledger = AppImages.find("ledger").orElseThrow();
        assertThat(AppImages.versionTag(ledger, "firedrill/ledger:1.0.1")).contains("1.0.1");
        assertThat(AppImages.versionTag(ledger, "firedrill/ledger:9.9.9")).as("checked by ensureVersion").contains("9.9.9");
        assertThat(AppImages.versionTag(ledger, "firedrill/ledger")).as("as before versions: the hash image").isEmpty();
        assertThat(AppImages.versionTag(ledger, "firedrill/ledger:latest")).isEmpty();
        assertThat(AppImages.versionTag(ledger, "registry:5000/firedrill/ledger")).isEmpty();
        assertThat(AppImages.versionTag(ledger, "mine/ledger:1.0.1")).as("another repository").isEmpty();
        assertThat(AppImages.versionTag(AppImages.find("toxiproxy").orElseThrow(), "firedrill/toxiproxy:1.0.1")).isEmpty();
    }

    @Test
    void aVersionImageOnlySetsTheVersionOnTheHashImage() {
        AppImages.AppImage ledger = AppImages.find("ledger").orElseThrow();
        assertThat(AppImages.versionDockerfile(ledger, "firedrill/ledger:0123456789abcdef", "2.0.0")).isEqualTo("""
                FROM firedrill/ledger:0123456789abcdef
                ENV LEDGER_VERSION=2.0.0
                LABEL org.opencontainers.image.version="2.0.0"
                """);
    }

    @Test
    void aComposeServiceAskingForAnUnknownVersionIsRefusedNamingTheServiceAndTheVersions() throws Exception {
        Path dir = Files.createTempDirectory("app-image-version");
        try {
            Path compose = Files.writeString(dir.resolve("docker-compose.yml"), """
                    services:
                      ledger:
                        image: firedrill/ledger:1.1.0
                        build: images/ledger
                    """);
            StackDefinition definition = StackDefinition.load(compose);

            assertThatThrownBy(() -> AppImages.shared().forBuildContext(definition, definition.service("ledger")))
                    .isInstanceOf(StackConfigurationException.class)
                    .hasMessageContaining("'services.ledger.image' is 'firedrill/ledger:1.1.0': firedrill/ledger has no version '1.1.0':"
                            + " its versions are [1.0.0, 1.0.1, 2.0.0]");
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(dir);
        }
    }

    @Test
    void anUnknownVersionOrRepositoryIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> AppImages.shared().ensureVersion("firedrill/ledger", "1.1.0"))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageStartingWith("firedrill/ledger has no version '1.1.0': its versions are [1.0.0, 1.0.1, 2.0.0]");
        assertThatThrownBy(() -> AppImages.shared().ensureVersion("firedrill/ledgr", "1.0.0"))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("[firedrill/ledger, firedrill/toxiproxy]");
    }

    @Test
    void anImageCarriesItsModuleAndItsLibrariesButNotTheHarness() throws Exception {
        Path context = Files.createTempDirectory("app-image-test");
        try {
            AppImages.assemble(AppImages.find("toxiproxy").orElseThrow(), context);

            assertThat(context.resolve("Dockerfile")).content().contains("dev.firedrill.toxiproxy.ToxiproxyServer");
            try (var jar = new java.util.jar.JarFile(context.resolve("app/firedrill.jar").toFile())) {
                assertThat(jar.getEntry("dev/firedrill/toxiproxy/ToxiproxyServer.class")).isNotNull();
                assertThat(jar.getEntry("dev/firedrill/DrillRunner.class")).isNull();
                assertThat(jar.getEntry("dev/firedrill/ledger/LedgerService.class")).isNull();
            }
            try (var files = Files.list(context.resolve("app"))) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("firedrill.jar");
            }
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(context);
        }
    }
}
