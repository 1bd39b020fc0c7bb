package dev.firedrill.report;

import dev.firedrill.DrillResult;
import dev.firedrill.HarnessClock;
import dev.firedrill.StepRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the run's {@code evidence.json} (docs/evidence.md) into its folder: again after every drill,
 * so that a run that dies half-way still leaves the drills that finished, and finally with the
 * run's {@code finished_at}. Keeps {@code reports/latest} pointing at the run's folder. Secrets are
 * masked in every value it writes.
 *
 * <p>Example: {@code Reporters.of(new EvidenceReporter(), new ConsoleSummary())}.
 */
public final class EvidenceReporter implements Reporter {

    private static final Logger LOG = Logger.getLogger(EvidenceReporter.class.getName());

    private final HarnessClock clock;
    private final Collection<String> secretValues;
    private final Map<String, List<Map<String, Object>>> drillsByRun = new HashMap<>();

    /** Reads the system clock and masks the values of this process's secret-named environment variables. */
    public EvidenceReporter() {
        this(HarnessClock.system(), Secrets.valuesOf(System.getenv()));
    }

    /** Reads {@code clock} for the run's {@code finished_at}; masks {@code secretValues} (and passwords in URLs) everywhere. */
    public EvidenceReporter(HarnessClock clock, Collection<String> secretValues) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.secretValues = Objects.requireNonNull(secretValues, "secretValues must not be null");   // live: later additions are masked too
    }

    /** Where the evidence of {@code run} is written: {@code <run folder>/evidence.json}. */
    public static Path evidenceFile(RunInfo run) {
        return run.folder().resolve(RunFolder.EVIDENCE_FILE);
    }

    @Override
    public synchronized void runStarted(RunInfo run) {
        drillsByRun.computeIfAbsent(run.id(), id -> new ArrayList<>());
        write(run, null);
        pointLatest(run);
    }

    @Override
    public synchronized void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        DrillArtifacts a = withStepOutputFiles(run, result, artifacts == null ? DrillArtifacts.none() : artifacts);
        drillsByRun.computeIfAbsent(run.id(), id -> new ArrayList<>()).add(Evidence.drill(run, result, a));
        write(run, null);
    }

    @Override
    public synchronized void runFinished(RunInfo run) {
        drillsByRun.computeIfAbsent(run.id(), id -> new ArrayList<>());
        write(run, clock.now().wall());
        pointLatest(run);
    }

    private void write(RunInfo run, Instant finishedAt) {
        Map<String, Object> doc = Evidence.document(Evidence.run(run, finishedAt), drillsByRun.get(run.id()));
        RunFolder.writeAtomically(evidenceFile(run), Evidence.toJson(doc, secretValues));
    }

    private static void pointLatest(RunInfo run) {
        try {
            RunFolder.pointLatestAt(run.folder());
        } catch (RuntimeException e) {
            // The evidence is written; a missing link only costs the shortcut.
            LOG.log(Level.WARNING, "reports/" + RunFolder.LATEST + " not updated for run " + run.id() + ": "
                    + e.getMessage());
        }
    }

    /**
     * Steps that produced output but have no output file get one ({@code <drill>/steps/<nn>-<name>.txt},
     * masked), so the evidence never drops what a step printed.
     */
    private DrillArtifacts withStepOutputFiles(RunInfo run, DrillResult result, DrillArtifacts a) {
        Map<String, Path> outputs = new LinkedHashMap<>(a.stepOutputs());
        List<StepRecord> steps = result.steps();
        boolean added = false;
        for (int i = 0; i < steps.size(); i++) {
            StepRecord s = steps.get(i);
            String key = DrillArtifacts.stepKey(steps, i);
            if (outputs.containsKey(key) || s.output().isEmpty()) {
                continue;
            }
            Path file = RunFolder.drillFolder(run, result.drillId()).resolve("steps")
                    .resolve(String.format("%02d-%s.txt", i + 1, RunFolder.fileName(s.name())));
            RunFolder.writeAtomically(file, Secrets.mask(s.output(), secretValues));
            outputs.put(key, file);
            added = true;
        }
        return added ? new DrillArtifacts(a.ledgerFile(), a.timelineFile(), outputs, a.containerLogs(), a.targets(), a.unit())
                : a;
    }
}
