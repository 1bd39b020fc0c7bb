package dev.firedrill.report;

import dev.firedrill.DrillResult;
import dev.firedrill.FailureWindow;
import dev.firedrill.LedgerReport;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.Verdict;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a one-screen summary of the run when it finishes: per drill its id, title, verdict, RTO
 * measured against its target and the main path's failure windows, TTR against its target, lost writes
 * and the messages of missed objectives; then where the evidence is. ASCII only, so any console shows it.
 *
 * <p>Example output line: {@code D01  API service down        passed   RTO 12.3 s (<= 45 s)  outage 1 window (12.2 s,
 * 61 failures)  TTR 2.1 s  lost writes 0}.
 */
public final class ConsoleSummary implements Reporter {

    private static final int TITLE_WIDTH = 28;
    /** How many failure windows a line names by their length; the rest are counted. */
    private static final int WINDOWS_SHOWN = 3;

    private record Entry(DrillResult result, DrillArtifacts artifacts) {
    }

    private final PrintStream out;
    private final Collection<String> secretValues;
    private final Map<String, List<Entry>> entriesByRun = new HashMap<>();

    /** Prints to {@code System.out}, masking the values of this process's secret-named environment variables. */
    public ConsoleSummary() {
        this(System.out, Secrets.valuesOf(System.getenv()));
    }

    /** Prints to {@code out}, masking {@code secretValues} in reasons and messages. */
    public ConsoleSummary(PrintStream out, Collection<String> secretValues) {
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.secretValues = Objects.requireNonNull(secretValues, "secretValues must not be null");   // live: later additions are masked too
    }

    @Override
    public synchronized void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        entriesByRun.computeIfAbsent(run.id(), id -> new ArrayList<>())
                .add(new Entry(result, artifacts == null ? DrillArtifacts.none() : artifacts));
    }

    @Override
    public synchronized void runFinished(RunInfo run) {
        out.print(render(run));
        out.flush();
    }

    /** The summary of {@code run} as printed by {@link #runFinished}. */
    public synchronized String render(RunInfo run) {
        List<Entry> entries = entriesByRun.getOrDefault(run.id(), List.of());
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        entries.forEach(e -> counts.merge(e.result().verdict(), 1, Integer::sum));

        StringBuilder sb = new StringBuilder();
        sb.append("Firedrill run ").append(run.id()).append(": ").append(entries.size())
                .append(entries.size() == 1 ? " drill, " : " drills, ")
                .append(counts.get(Verdict.PASSED)).append(" passed, ")
                .append(counts.get(Verdict.FAILED)).append(" failed, ")
                .append(counts.get(Verdict.FAILED_AS_EXPECTED) == 0 ? ""
                        : counts.get(Verdict.FAILED_AS_EXPECTED) + " failed as they must (can-fail variants), ")
                .append(counts.get(Verdict.BROKEN)).append(" broken, ")
                .append(counts.get(Verdict.SKIPPED)).append(" skipped\n");
        for (Entry e : entries) {
            line(sb, e.result(), e.artifacts());
        }
        sb.append("Evidence: ").append(EvidenceReporter.evidenceFile(run));
        Path parent = run.folder().getParent();
        sb.append(" (newest run: ").append(parent == null ? Path.of(RunFolder.LATEST) : parent.resolve(RunFolder.LATEST))
                .append(")\n");
        return sb.toString();
    }

    private void line(StringBuilder sb, DrillResult r, DrillArtifacts a) {
        sb.append("  ").append(pad(r.drillId(), 6)).append(pad(shorten(r.title(), TITLE_WIDTH), TITLE_WIDTH + 2))
                .append(pad(r.verdict().id(), r.verdict() == Verdict.FAILED_AS_EXPECTED ? 19 : 9));
        Optional<RecoveryMeasurement> main = Evidence.mainRecovery(r.measurements());
        Long rtoTarget = a.targets().get(Evidence.RTO_TARGET_MS);
        Long ttrTarget = a.targets().get(Evidence.TTR_TARGET_MS);
        if (main.isPresent() || rtoTarget != null) {
            sb.append("RTO ").append(figure(main, main.map(RecoveryMeasurement::rto).orElse(null)))
                    .append(target(rtoTarget)).append("  ");
            main.flatMap(ConsoleSummary::outage).ifPresent(o -> sb.append(o).append("  "));
        }
        if (Boolean.TRUE.equals(Evidence.recoveredByItself(r.measurements()))) {
            sb.append("TTR n/a (recovered by itself)").append(target(ttrTarget)).append("  ");
        } else if (main.isPresent() || ttrTarget != null) {
            sb.append("TTR ").append(figure(main, main.map(RecoveryMeasurement::ttr).orElse(null)))
                    .append(target(ttrTarget)).append("  ");
        }
        LedgerReport ledger = r.measurements().ledger();
        if (ledger != null) {
            sb.append("lost writes ").append(ledger.rpoLostWrites() + ledger.lostAfterDisruption())
                    .append(" (").append(ledger.acknowledgedBeforeDisruption()).append(" acknowledged before the disruption)");
            Integer discarded = ledger.discardedAfterDisruption();
            if (discarded != null && discarded > 0) {
                sb.append(" (+").append(discarded).append(" discarded by the restore)");
            }
        }
        trimEnd(sb);
        sb.append('\n');
        if (r.verdict() != Verdict.PASSED && r.reason() != null && !r.reason().isBlank()) {
            sb.append("        reason: ").append(Secrets.mask(oneLine(r.reason()), secretValues)).append('\n');
        }
        for (ObjectiveResult o : r.missedObjectives()) {
            sb.append("        missed: ").append(Secrets.mask(oneLine(o.message()), secretValues)).append('\n');
        }
    }

    private static String figure(Optional<RecoveryMeasurement> main, Duration d) {
        if (main.isEmpty()) {
            return "not measured";
        }
        return d == null ? "never" : duration(d.toMillis());
    }

    /**
     * The main path's failure windows, e.g. "outage 2 windows (1 s + 1.4 s, 25 failures)"; the first
     * {@link #WINDOWS_SHOWN} lengths, "open" for one that never closed; "outage none" for a path that recovered
     * without failing; empty when there is nothing to say.
     */
    static Optional<String> outage(RecoveryMeasurement r) {
        List<FailureWindow> windows = r.windows();
        if (windows.isEmpty()) {
            return r.recovered() ? Optional.of("outage none") : Optional.empty();
        }
        StringBuilder sb = new StringBuilder("outage ").append(windows.size())
                .append(windows.size() == 1 ? " window (" : " windows (");
        for (int i = 0; i < Math.min(windows.size(), WINDOWS_SHOWN); i++) {
            Duration d = windows.get(i).duration();
            sb.append(i == 0 ? "" : " + ").append(d == null ? "open" : duration(d.toMillis()));
        }
        if (windows.size() > WINDOWS_SHOWN) {
            sb.append(" + ").append(windows.size() - WINDOWS_SHOWN).append(" more");
        }
        return Optional.of(sb.append(", ").append(r.failures()).append(r.failures() == 1 ? " failure)" : " failures)")
                .toString());
    }

    private static String target(Long ms) {
        return ms == null ? "" : " (<= " + duration(ms) + ")";
    }

    /** "850 ms" below a second, else seconds with one decimal ("12.3 s"). */
    static String duration(long ms) {
        if (Math.abs(ms) < 1000) {
            return ms + " ms";
        }
        String s = String.format(Locale.ROOT, "%.1f", ms / 1000.0);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " s";
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        sb.append(' ');
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private static void trimEnd(StringBuilder sb) {
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 1);
        }
    }
}
