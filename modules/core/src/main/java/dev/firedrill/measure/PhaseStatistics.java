package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Phase;
import dev.firedrill.PhaseCut;
import dev.firedrill.PhaseStats;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any series of observations (probes, Gatling requests converted to observations) cut by phase:
 * count, errors, error rate, throughput and nearest-rank latency percentiles per phase. Errors are
 * observations whose answer was wrong; slowness shows in the percentiles.
 *
 * <p>Throughput divides the count by the phase's length; a phase end that was never marked (no
 * {@code end}, never recovered) is closed by the last observation's end, an open start by the first
 * observation's start.
 *
 * <p>Example: {@code PhaseStatistics.of(timeline.observations("read"), timeline.phaseCut(PhaseCut.DEFAULT_SETTLE))}.
 */
public final class PhaseStatistics {

    private PhaseStatistics() {
    }

    /** Statistics per phase (every phase present, empty where no observation fell). */
    public static Map<Phase, PhaseStats> of(List<Observation> observations, PhaseCut cut) {
        int n = observations.size();
        Phase[] phases = Phase.values();
        long[][] latencies = new long[phases.length][];
        int[] counts = new int[phases.length];
        long[] errors = new long[phases.length];
        Observation[] first = new Observation[phases.length];
        Observation[] last = new Observation[phases.length];
        byte[] phaseOf = new byte[n];
        for (int i = 0; i < n; i++) {
            Observation o = observations.get(i);
            Optional<Phase> p = cut.phaseOf(o.start());
            if (p.isEmpty()) {
                phaseOf[i] = -1;
                continue;
            }
            int k = p.get().ordinal();
            phaseOf[i] = (byte) k;
            counts[k]++;
            if (!o.success()) {
                errors[k]++;
            }
            if (first[k] == null || o.start().isBefore(first[k].start())) {
                first[k] = o;
            }
            if (last[k] == null || o.end().isAfter(last[k].end())) {
                last[k] = o;
            }
        }
        for (int k = 0; k < phases.length; k++) {
            latencies[k] = new long[counts[k]];
        }
        int[] fill = new int[phases.length];
        for (int i = 0; i < n; i++) {
            if (phaseOf[i] >= 0) {
                latencies[phaseOf[i]][fill[phaseOf[i]]++] = observations.get(i).latency().toNanos();
            }
        }
        Map<Phase, PhaseStats> out = new EnumMap<>(Phase.class);
        for (Phase phase : phases) {
            int k = phase.ordinal();
            if (counts[k] == 0) {
                out.put(phase, PhaseStats.empty(phase));
                continue;
            }
            long[] l = latencies[k];
            Arrays.sort(l);
            TimePoint from = cut.startOf(phase) != null ? cut.startOf(phase) : first[k].start();
            TimePoint to = cut.endOf(phase) != null ? cut.endOf(phase) : last[k].end();
            double seconds = to.since(from).toNanos() / 1e9;
            double throughput = seconds > 0 ? counts[k] / seconds : 0.0;
            out.put(phase, new PhaseStats(phase, counts[k], errors[k], (double) errors[k] / counts[k], throughput,
                    percentile(l, 50), percentile(l, 95), percentile(l, 99)));
        }
        return out;
    }

    /** Statistics per phase of the given observations, cut by the timeline's markers. */
    public static Map<Phase, PhaseStats> of(List<Observation> observations, Timeline timeline, Duration settle) {
        return of(observations, timeline.phaseCut(settle));
    }

    /** Statistics per phase for every path the timeline has observations of. */
    public static Map<String, Map<Phase, PhaseStats>> byPath(Timeline timeline, Duration settle) {
        PhaseCut cut = timeline.phaseCut(settle);
        Map<String, Map<Phase, PhaseStats>> out = new LinkedHashMap<>();
        for (String path : timeline.paths()) {
            out.put(path, of(timeline.observations(path), cut));
        }
        return out;
    }

    /** The nearest-rank percentile of sorted latencies: the value at rank ceil(p/100 · n). */
    static Duration percentile(long[] sortedNanos, int p) {
        if (p < 1 || p > 100) {
            throw new IllegalArgumentException("percentile must be in 1..100, was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return Duration.ofNanos(sortedNanos[Math.max(0, rank - 1)]);
    }
}
