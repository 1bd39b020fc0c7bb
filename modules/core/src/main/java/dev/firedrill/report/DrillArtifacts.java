package dev.firedrill.report;

import dev.firedrill.StepRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Files one drill produced, relative paths under the run folder where possible.
 *
 * @param ledgerFile     every operation of the drill's writers (JSON lines), or {@code null}
 * @param timelineFile   markers, notes and observations (JSON lines), or {@code null}
 * @param stepOutputs    step key ({@link #stepKey}) to the file holding its output
 * @param containerLogs  service name to the file holding its container log
 * @param targets        objective targets in the evidence's terms, e.g. {@code rto_target_ms -> 45000}
 * @param unit           the shard unit the drill belongs to ({@link ShardPlan}: {@code class:<JUnit class>},
 *                       {@code file:<drill id>}), or {@code null} when unknown
 */
public record DrillArtifacts(Path ledgerFile, Path timelineFile, Map<String, Path> stepOutputs,
        Map<String, Path> containerLogs, Map<String, Long> targets, String unit) {

    public DrillArtifacts {
        stepOutputs = Map.copyOf(stepOutputs);
        containerLogs = Map.copyOf(containerLogs);
        targets = Map.copyOf(targets);
    }

    /** Files of a drill whose shard unit is unknown. */
    public DrillArtifacts(Path ledgerFile, Path timelineFile, Map<String, Path> stepOutputs, Map<String, Path> containerLogs,
            Map<String, Long> targets) {
        this(ledgerFile, timelineFile, stepOutputs, containerLogs, targets, null);
    }

    /** These files, of the drills of {@code unit}. */
    public DrillArtifacts withUnit(String unit) {
        return new DrillArtifacts(ledgerFile, timelineFile, stepOutputs, containerLogs, targets, unit);
    }

    public static DrillArtifacts none() {
        return new DrillArtifacts(null, null, Map.of(), Map.of(), Map.of());
    }

    /**
     * The key of step {@code i} in {@link #stepOutputs}: its name, and for a later step of the same name (D19 migrates
     * {@code -1} twice) the name and {@code #n}, n counting that name's occurrences, so each keeps its own output.
     */
    public static String stepKey(List<StepRecord> steps, int i) {
        String name = steps.get(i).name();
        long before = steps.subList(0, i).stream().filter(s -> s.name().equals(name)).count();
        return before == 0 ? name : name + "#" + (before + 1);
    }
}
