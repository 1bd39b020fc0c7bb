package dev.firedrill;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a drill measured: recovery per probed path, the ledger report (null when no writer
 * ran), phase statistics per path, and the timeline they were computed from.
 */
public record DrillMeasurements(Map<String, RecoveryMeasurement> recoveryByPath, LedgerReport ledger,
        Map<String, Map<Phase, PhaseStats>> phaseStatsByPath, Timeline timeline) {

    /** Validates and copies the maps (keeping their order). */
    public DrillMeasurements {
        Objects.requireNonNull(recoveryByPath, "DrillMeasurements.recoveryByPath must not be null");
        Objects.requireNonNull(phaseStatsByPath, "DrillMeasurements.phaseStatsByPath must not be null");
        Objects.requireNonNull(timeline, "DrillMeasurements.timeline must not be null");
        recoveryByPath = Collections.unmodifiableMap(new LinkedHashMap<>(recoveryByPath));
        Map<String, Map<Phase, PhaseStats>> copy = new LinkedHashMap<>();
        phaseStatsByPath.forEach((path, byPhase) -> copy.put(path,
                Collections.unmodifiableMap(byPhase.isEmpty() ? new EnumMap<>(Phase.class) : new EnumMap<>(byPhase))));
        phaseStatsByPath = Collections.unmodifiableMap(copy);
    }

    /** Measurements with nothing but a timeline (e.g. a drill that broke before measuring). */
    public static DrillMeasurements empty(Timeline timeline) {
        return new DrillMeasurements(Map.of(), null, Map.of(), timeline);
    }

    /** The recovery measurement of {@code path}, if it was probed. */
    public Optional<RecoveryMeasurement> recovery(String path) {
        return Optional.ofNullable(recoveryByPath.get(path));
    }

    /** The statistics of {@code path} in {@code phase}, if that path has statistics. */
    public Optional<PhaseStats> phaseStats(String path, Phase phase) {
        Map<Phase, PhaseStats> byPhase = phaseStatsByPath.get(path);
        return byPhase == null ? Optional.empty() : Optional.ofNullable(byPhase.get(phase));
    }

    /** The ledger report, if a writer ran. */
    public Optional<LedgerReport> ledgerReport() {
        return Optional.ofNullable(ledger);
    }
}
