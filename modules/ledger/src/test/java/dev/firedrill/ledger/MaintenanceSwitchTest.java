package dev.firedrill.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceSwitchTest {

    @TempDir
    Path dir;

    @Test
    void withoutAFileTheModeLastsAsLongAsTheProcess() throws Exception {
        MaintenanceSwitch maintenance = MaintenanceSwitch.start(MaintenanceMode.READONLY, null);
        assertThat(maintenance.mode()).isEqualTo(MaintenanceMode.READONLY);
        assertThat(maintenance.set(MaintenanceMode.MAINTENANCE)).isEqualTo(MaintenanceMode.READONLY);
        assertThat(maintenance.mode()).isEqualTo(MaintenanceMode.MAINTENANCE);
        assertThat(MaintenanceSwitch.start(MaintenanceMode.OFF, null).mode()).isEqualTo(MaintenanceMode.OFF);
    }

    @Test
    void aModeSwitchedIntoTheFileIsTheModeTheNextProcessStartsIn() throws Exception {
        Path file = dir.resolve("state/maintenance-mode");
        MaintenanceSwitch first = MaintenanceSwitch.start(MaintenanceMode.OFF, file);
        assertThat(first.mode()).isEqualTo(MaintenanceMode.OFF);
        assertThat(first.origin()).isEqualTo("LEDGER_MAINTENANCE_MODE");
        first.set(MaintenanceMode.MAINTENANCE);
        assertThat(Files.readString(file)).isEqualTo("maintenance\n");

        MaintenanceSwitch second = MaintenanceSwitch.start(MaintenanceMode.OFF, file);
        assertThat(second.mode()).isEqualTo(MaintenanceMode.MAINTENANCE);
        assertThat(second.origin()).isEqualTo(file.toString());
        second.set(MaintenanceMode.OFF);
        assertThat(MaintenanceSwitch.start(MaintenanceMode.READONLY, file).mode()).isEqualTo(MaintenanceMode.OFF);
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("maintenance-mode");
        }
    }

    @Test
    void aFileHoldingNoModeStopsTheStartNamingTheFileAndTheValidModes() throws Exception {
        Path file = dir.resolve("maintenance-mode");
        Files.writeString(file, "closed\n");
        assertThatThrownBy(() -> MaintenanceSwitch.start(MaintenanceMode.OFF, file))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessageContaining("the maintenance mode kept in " + file + "='closed' is not valid: expected one of [off, readonly, maintenance]");
    }

    @Test
    void aRelativeFileIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(java.util.Map.of("LEDGER_DB_URL", "jdbc:postgresql://db:5432/ledger",
                "LEDGER_MAINTENANCE_FILE", "state/mode")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessageContaining("LEDGER_MAINTENANCE_FILE='state/mode' is not valid: expected an absolute path");
        assertThat(LedgerConfig.fromEnvironment(java.util.Map.of("LEDGER_DB_URL", "jdbc:postgresql://db:5432/ledger",
                "LEDGER_MAINTENANCE_FILE", "/var/lib/ledger/maintenance-mode")).maintenanceFile())
                .isEqualTo(Path.of("/var/lib/ledger/maintenance-mode"));
    }
}
