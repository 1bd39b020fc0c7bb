package dev.firedrill.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The service's maintenance mode, switched at runtime and, when {@code LEDGER_MAINTENANCE_FILE} names a file, kept there
 * so that it outlives the process: a runbook turns maintenance on, takes the stack down and up, checks health and only
 * then turns it off (runbook 000 §Scheduled Maintenance), so the service must come back in the mode it left. A file
 * present at start wins over {@code LEDGER_MAINTENANCE_MODE}; each switch rewrites it (a new file moved into place, so a
 * crash leaves the old mode or the new one, never half a file) before the service acts on the new mode.
 */
final class MaintenanceSwitch {

    private final Path file;
    private final String origin;
    private volatile MaintenanceMode mode;

    private MaintenanceSwitch(Path file, MaintenanceMode mode, String origin) {
        this.file = file;
        this.mode = mode;
        this.origin = origin;
    }

    /** The mode to start in: the file's, when {@code file} is set and exists, else {@code configured}. */
    static MaintenanceSwitch start(MaintenanceMode configured, Path file) {
        if (file == null || !Files.exists(file)) {
            return new MaintenanceSwitch(file, configured, "LEDGER_MAINTENANCE_MODE");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the maintenance mode kept in " + file + ": " + e.getMessage(), e);
        }
        return new MaintenanceSwitch(file, MaintenanceMode.of(text, "the maintenance mode kept in " + file), file.toString());
    }

    MaintenanceMode mode() {
        return mode;
    }

    /** Where the mode at start came from: {@code LEDGER_MAINTENANCE_MODE} or the file. */
    String origin() {
        return origin;
    }

    /** Switches to {@code next}, kept in the file first when there is one; returns the mode before. */
    synchronized MaintenanceMode set(MaintenanceMode next) throws IOException {
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path fresh = Files.createTempFile(parent, ".maintenance-mode", ".new");
            Files.writeString(fresh, next.label() + "\n", StandardCharsets.UTF_8);
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        MaintenanceMode previous = mode;
        mode = next;
        return previous;
    }
}
