package dev.firedrill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one ordered record of a drill: markers, notes and probe observations. Thread-safe; probes
 * record from their own threads. Observations are stored column-wise per path, so a 20 ms probe
 * over many minutes costs a few bytes per observation.
 *
 * <p>Example: {@code var timeline = new Timeline(HarnessClock.system());
 * timeline.mark(Marker.DISRUPTION, "kill(ledger)");}
 */
public final class Timeline {

    private final HarnessClock clock;
    private final TimePoint startedAt;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final Map<String, Series> series = new LinkedHashMap<>();

    /** A timeline that starts now on {@code clock}. */
    public Timeline(HarnessClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.startedAt = clock.now();
    }

    /** The clock this timeline reads. */
    public HarnessClock clock() {
        return clock;
    }

    /** When this timeline was created. */
    public TimePoint startedAt() {
        return startedAt;
    }

    /** Puts {@code marker} on the timeline now. */
    public TimelineEvent mark(Marker marker, String detail) {
        return mark(marker, detail, clock.now());
    }

    /** Puts {@code marker} on the timeline at {@code at} (e.g. an instant measured earlier). */
    public TimelineEvent mark(Marker marker, String detail, TimePoint at) {
        Objects.requireNonNull(marker, "marker must not be null");
        return add(new TimelineEvent(at, marker, marker.id(), detail));
    }

    /** Adds a note (no marker) now, e.g. kind {@code "step-started"}. */
    public TimelineEvent note(String kind, String detail) {
        return add(new TimelineEvent(clock.now(), null, kind, detail));
    }

    /**
     * Adds a note at {@code at}, an instant another clock reported (when Prometheus's rule evaluation fired an alert),
     * placed among the events in time order.
     */
    public TimelineEvent note(String kind, String detail, TimePoint at) {
        return add(new TimelineEvent(at, null, kind, detail));
    }

    private synchronized TimelineEvent add(TimelineEvent e) {
        // Keep the list ordered by monotonic time; events almost always arrive in order.
        int i = events.size();
        while (i > 0 && events.get(i - 1).at().isAfter(e.at())) {
            i--;
        }
        events.add(i, e);
        return e;
    }

    /** The earliest occurrence of {@code marker}, if it was marked. */
    public synchronized Optional<TimePoint> first(Marker marker) {
        for (TimelineEvent e : events) {
            if (e.marker() == marker) {
                return Optional.of(e.at());
            }
        }
        return Optional.empty();
    }

    /** Every marker and note, ordered by monotonic time. */
    public synchronized List<TimelineEvent> events() {
        return List.copyOf(events);
    }

    /** Records one probe observation. */
    public void record(Observation o) {
        Objects.requireNonNull(o, "observation must not be null");
        Series s;
        synchronized (this) {
            s = series.computeIfAbsent(o.path(), Series::new);
        }
        s.add(o);
    }

    /** The paths that have observations, in the order they first appeared. */
    public synchronized List<String> paths() {
        return List.copyOf(series.keySet());
    }

    /** Every observation of every path, ordered by start (monotonic). */
    public List<Observation> observations() {
        List<Series> all;
        synchronized (this) {
            all = List.copyOf(series.values());
        }
        List<Observation> out = new ArrayList<>();
        for (Series s : all) {
            out.addAll(s.snapshot());
        }
        out.sort(Comparator.comparing(Observation::start));
        return out;
    }

    /** The observations of one path, ordered by start (monotonic); empty when none. */
    public List<Observation> observations(String path) {
        Series s;
        synchronized (this) {
            s = series.get(path);
        }
        return s == null ? List.of() : s.snapshot();
    }

    /** The phase boundaries as marked so far, with the given settle time. */
    public PhaseCut phaseCut(Duration settle) {
        TimePoint recoveryStarted = first(Marker.RECOVERY_STARTED).or(() -> first(Marker.FAULT_REVERTED))
                .orElse(null);
        return new PhaseCut(first(Marker.DISRUPTION).orElse(null), recoveryStarted,
                first(Marker.RECOVERED).orElse(null), first(Marker.END).orElse(null), settle);
    }

    /** The phase of {@code t}; empty in the settle gap after {@code recovered} and from {@code end} on. */
    public Optional<Phase> phaseOf(TimePoint t, Duration settle) {
        return phaseCut(settle).phaseOf(t);
    }

    /**
     * Writes the timeline as JSON lines (the evidence's {@code timeline_file}): first every event
     * ({@code {"type":"marker"|"note","at":"<UTC ISO-8601>","mono_ns":..,"kind":..,"detail":..}}), then
     * every observation ({@code {"type":"observation","path":..,"start":..,"mono_ns":..,"latency_ms":..,
     * "success":..,"detail":..}}), each in monotonic order. Returns {@code file}.
     */
    public Path exportJsonLines(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writeJsonLines(w);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the timeline to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the timeline as JSON lines to {@code out} (see {@link #exportJsonLines(Path)}). */
    public void writeJsonLines(Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        for (TimelineEvent e : events()) {
            sb.setLength(0);
            sb.append("{\"type\":\"").append(e.isMarker() ? "marker" : "note").append("\",\"at\":\"")
                    .append(e.at().wall()).append("\",\"mono_ns\":").append(e.at().monotonicNanos())
                    .append(",\"kind\":");
            JsonText.appendString(sb, e.kind());
            sb.append(",\"detail\":");
            JsonText.appendString(sb, e.detail());
            out.write(sb.append("}\n").toString());
        }
        for (Observation o : observations()) {
            sb.setLength(0);
            sb.append("{\"type\":\"observation\",\"path\":");
            JsonText.appendString(sb, o.path());
            sb.append(",\"start\":\"").append(o.start().wall()).append("\",\"mono_ns\":")
                    .append(o.start().monotonicNanos()).append(",\"latency_ms\":")
                    .append(o.latency().toNanos() / 1e6).append(",\"success\":").append(o.success())
                    .append(",\"detail\":");
            JsonText.appendString(sb, o.detail());
            out.write(sb.append("}\n").toString());
        }
    }

    @Override
    public String toString() {
        return "Timeline[events=" + events().size() + ", paths=" + paths() + "]";
    }

    /** Column storage of one path's observations. */
    private static final class Series {
        private final String path;
        private long[] startMono = new long[256];
        private long[] startWallSeconds = new long[256];
        private int[] startWallNanos = new int[256];
        private long[] latencyNanos = new long[256];
        private boolean[] success = new boolean[256];
        private String[] detail = new String[256];
        private int size;
        private boolean sorted = true;

        Series(String path) {
            this.path = path;
        }

        synchronized void add(Observation o) {
            if (size == startMono.length) {
                int n = size * 2;
                startMono = Arrays.copyOf(startMono, n);
                startWallSeconds = Arrays.copyOf(startWallSeconds, n);
                startWallNanos = Arrays.copyOf(startWallNanos, n);
                latencyNanos = Arrays.copyOf(latencyNanos, n);
                success = Arrays.copyOf(success, n);
                detail = Arrays.copyOf(detail, n);
            }
            long mono = o.start().monotonicNanos();
            if (size > 0 && mono - startMono[size - 1] < 0) {
                sorted = false;
            }
            startMono[size] = mono;
            startWallSeconds[size] = o.start().wall().getEpochSecond();
            startWallNanos[size] = o.start().wall().getNano();
            latencyNanos[size] = o.latency().toNanos();
            success[size] = o.success();
            detail[size] = o.detail();
            size++;
        }

        synchronized List<Observation> snapshot() {
            List<Observation> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(new Observation(path,
                        new TimePoint(Instant.ofEpochSecond(startWallSeconds[i], startWallNanos[i]), startMono[i]),
                        Duration.ofNanos(latencyNanos[i]), success[i], detail[i]));
            }
            if (!sorted) {
                out.sort(Comparator.comparing(Observation::start));
            }
            return out;
        }
    }
}
