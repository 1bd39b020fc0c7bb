package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.ReleaseChange;
import dev.firedrill.TimePoint;
import dev.firedrill.TimelineEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A path fails only where the maintenance mode explains it (D19, a migration under read-only). The read-only stretches
 * are read from the release notes of the maintenance switch ({@code <service> mode: off -> readonly} opens one,
 * {@code ... -> off} closes it; {@code maintenance} counts as read-only). Inside them every failed answer must name
 * {@code cause} (a refused write: "HTTP 503 ... read-only mode"); with no cause, nothing may fail there (reads). Outside
 * them a path may fail only in windows of at most {@code gap}: the recreation gap of a deploy, which a single instance
 * cannot avoid and the drill bounds by what it measured. Judged from the steady state to the end.
 *
 * <p>With {@code pageOnly} (objective {@code maintenance-page}, D21), nothing may be served inside a stretch either: every
 * answer there is the maintenance page, whether the service gave it or the edge in front of it while the service was down.
 */
record ReadOnlyStretchesObjective(String path, String cause, Duration gap, boolean pageOnly) implements Objective {

    /** The suffix of the notes' subject, as the procedure maintenance-mode writes it ({@code ledger mode}). */
    static final String MODE_SUBJECT = " mode";
    /** The runner's note when a step finished, and the name of the switch's step ({@code maintenance-mode(ledger, ...)}). */
    private static final String STEP_FINISHED = "step-finished";
    private static final String SWITCH_STEP = "maintenance-mode(";
    private static final int SHOWN = 5;

    ReadOnlyStretchesObjective {
        Slos.requirePath(path);
        Slos.requireBudget(gap, "read-only-stretches(" + path + ") gap");
        cause = cause == null || cause.isBlank() ? null : cause;
    }

    @Override
    public String name() {
        return (pageOnly ? "maintenance-page(" : "read-only-stretches(") + path + ")";
    }

    @Override
    public String describe() {
        return "path '" + path + "' " + (pageOnly ? "answers only the maintenance page (failures naming '" + cause + "') in maintenance"
                : cause == null ? "never fails in read-only" : "fails in read-only only naming '" + cause + "'")
                + ", and outside it only in windows of at most " + Objectives.words(gap);
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        TimePoint from = m.timeline().first(Marker.STEADY_PROVEN).orElse(m.timeline().startedAt());
        List<TimePoint[]> stretches = stretches(m.timeline().events());
        List<Observation> observed = m.timeline().observations(path).stream().filter(o -> !o.start().isBefore(from)).toList();
        List<String> wrong = new ArrayList<>();
        long refused = 0;
        Duration longest = Duration.ZERO;
        int windows = 0;
        Observation first = null;
        Observation last = null;
        for (Observation o : observed) {
            boolean readOnly = inside(stretches, o.start());
            if (o.success() && pageOnly && inside(switchedOn(stretches), o.start())) {
                wrong.add("served in maintenance at " + o.start().wall());
            }
            if (!o.success() && readOnly) {
                refused++;
                if (cause == null || o.detail() == null || !o.detail().contains(cause)) {
                    wrong.add("in " + mode() + " at " + o.start().wall() + ": " + o.detail());
                }
            }
            if (!o.success() && !readOnly) {
                first = first == null ? o : first;
                last = o;
                continue;
            }
            if (first != null) {
                Duration window = windowOf(first, last, o);
                windows++;
                longest = window.compareTo(longest) > 0 ? window : longest;
                if (window.compareTo(gap) > 0) {
                    wrong.add("outside " + mode() + " " + first.start().wall() + " for " + window.toMillis() + " ms (" + first.detail() + ")");
                }
                first = null;
            }
        }
        if (first != null) {
            wrong.add("outside " + mode() + " from " + first.start().wall() + " until the end (" + first.detail() + ")");
            windows++;
        }
        boolean passed = wrong.isEmpty() && !observed.isEmpty();
        String message = "Path '" + path + "' in " + stretches.size() + " " + mode() + " stretch(es): " + refused + " failed answer(s) there"
                + (cause == null ? " (none allowed)" : " (each must name '" + cause + "')") + "; outside: " + windows
                + " failure window(s), the longest " + longest.toMillis() + " ms, target ≤ " + gap.toMillis() + " ms: "
                + (passed ? "met" : observed.isEmpty() ? "missed (no observation of the path)"
                        : "missed: " + String.join("; ", wrong.subList(0, Math.min(SHOWN, wrong.size()))) + (wrong.size() > SHOWN ? "; ..." : ""));
        return new ObjectiveResult(name(), null, "≤ " + gap.toMillis(), Long.toString(longest.toMillis()), "ms", passed, message);
    }

    /** What the stretches are called in messages. */
    private String mode() {
        return pageOnly ? "maintenance" : "read-only";
    }

    /** A window runs from its first failure to the next success (or its last failure's end when read-only follows). */
    private static Duration windowOf(Observation first, Observation last, Observation next) {
        TimePoint end = next.success() ? next.start() : last.end();
        return end.since(first.start());
    }

    /**
     * The stretches from the instant the switch on was answered: a request that started while the switch was still on
     * its way may have been served before the service switched, and does not count as served in maintenance.
     */
    private static List<TimePoint[]> switchedOn(List<TimePoint[]> stretches) {
        return stretches.stream().map(s -> new TimePoint[] {s[2], s[1]}).toList();
    }

    /**
     * [on, off) pairs from the maintenance-mode notes, in order; one still open at the end is open-ended (null). The
     * third element is when the step that switched it on finished (its answer), or the note's instant without one.
     */
    static List<TimePoint[]> stretches(List<TimelineEvent> events) {
        List<TimePoint[]> stretches = new ArrayList<>();
        TimePoint on = null;
        TimePoint[] opened = null;
        for (TimelineEvent e : events) {
            if (opened != null && STEP_FINISHED.equals(e.kind()) && e.detail() != null && e.detail().startsWith(SWITCH_STEP)) {
                opened[2] = e.at();
                opened = null;
                continue;
            }
            var change = ReleaseChange.NOTE.equals(e.kind()) ? ReleaseChange.ofDetail(e.detail()) : java.util.Optional.<ReleaseChange>empty();
            if (change.isEmpty() || !change.get().subject().endsWith(MODE_SUBJECT)) {
                continue;
            }
            boolean readOnly = !"off".equals(change.get().after());
            if (readOnly && on == null) {
                on = e.at();
                opened = new TimePoint[] {on, null, on};
                stretches.add(opened);
            } else if (!readOnly && on != null) {
                stretches.get(stretches.size() - 1)[1] = e.at();
                on = null;
                opened = null;
            }
        }
        return stretches;
    }

    private static boolean inside(List<TimePoint[]> stretches, TimePoint t) {
        return stretches.stream().anyMatch(s -> !t.isBefore(s[0]) && (s[1] == null || t.isBefore(s[1])));
    }
}
