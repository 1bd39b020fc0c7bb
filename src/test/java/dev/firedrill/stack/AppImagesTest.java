package dev.firedrill.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
