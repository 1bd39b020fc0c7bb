package dev.firedrill.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the service serves while an operator works on it (runbooks set it through {@code LEDGER_MAINTENANCE_MODE} at
 * start, or {@code POST /admin/maintenance} at runtime):
 * <ul>
 *   <li>{@code off}: everything, as usual.</li>
 *   <li>{@code readonly}: reads as usual; every write refused with 503 before it touches the database or the cache,
 *       so a refused write is never half applied (e.g. during a schema migration).</li>
 *   <li>{@code maintenance}: a 503 maintenance page on every route except health, metrics, version and admin.</li>
 * </ul>
 */
public enum MaintenanceMode {
    OFF, READONLY, MAINTENANCE;

    /** As written in settings, answers and metrics: {@code off}, {@code readonly}, {@code maintenance}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(MaintenanceMode::label).toList();
    }

    /** Whether writes are refused. */
    boolean refusesWrites() {
        return this != OFF;
    }

    /** The mode written {@code value}; unknown: an error naming the setting and the valid modes. */
    public static MaintenanceMode of(String value, String setting) {
        return Arrays.stream(values()).filter(m -> m.label().equals(value)).findFirst()
                .orElseThrow(() -> new LedgerConfigException(setting, value, "one of " + labels() + " (default off)"));
    }

    @Override
    public String toString() {
        return label();
    }
}
