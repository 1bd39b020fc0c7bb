package dev.firedrill.report;

import java.nio.file.Path;
import java.util.Map;

/**
 * Files one drill produced, relative paths under the run folder where possible.
 *
 * @param ledgerFile     every operation of the drill's writers (JSON lines), or {@code null}
 * @param timelineFile   markers, notes and observations (JSON lines), or {@code null}
 * @param stepOutputs    step name to the file holding its output
 * @param containerLogs  service name to the file holding its container log
 * @param targets        objective targets in the evidence's terms, e.g. {@code rto_target_ms -> 45000}
 */
public record DrillArtifacts(Path ledgerFile, Path timelineFile, Map<String, Path> stepOutputs,
        Map<String, Path> containerLogs, Map<String, Long> targets) {

    public DrillArtifacts {
        stepOutputs = Map.copyOf(stepOutputs);
        containerLogs = Map.copyOf(containerLogs);
        targets = Map.copyOf(targets);
    }

    public static DrillArtifacts none() {
        return new DrillArtifacts(null, null, Map.of(), Map.of(), Map.of());
    }
}
