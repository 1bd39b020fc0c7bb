package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.DrillResult;
import dev.firedrill.FailureWindow;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.monitoring.AlertEvent;
import dev.firedrill.monitoring.AlertHistory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The two charts of a drill, as SVG: the timeline (success share and mean latency per second of each
 * probed path, the outage shaded red over each failure window of each path, the same windows as the
 * evidence's, the recovery see-through amber from {@code recovery-started} to {@code recovered}, and a
 * line per marker) and the ledger (acknowledged, indeterminate and lost
 * writes, cumulative over time; lost ones at the time they were acknowledged).
 *
 * <p>Example: {@code Files.writeString(dir.resolve("timeline.svg"), DrillCharts.timeline(result));}
 */
public final class DrillCharts {

    /** File names in the drill's folder. */
    public static final String TIMELINE_SVG = "timeline.svg";
    public static final String LEDGER_SVG = "ledger.svg";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf"};
    private static final int W = 900;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final long SECOND = 1_000_000_000L;
    private static final String OUTAGE = "#f4b6bc";
    private static final String RECOVERY = "#ffe08a";
    private static final String PENDING = "#ffbf00";
    private static final String FIRING = "#d62728";
    /** Height of one alert's lane. */
    private static final int LANE = 16;
    /** Rows marker labels are staggered over, and the width of a label's character at font size 9 (about). */
    private static final int MARKER_LABEL_ROWS = 4;
    private static final double MARKER_LABEL_CHAR_WIDTH = 5;

    private DrillCharts() {
    }

    /** Writes {@code timeline.svg} and (with a ledger file) {@code ledger.svg} into the drill's folder, masked; returns the files. */
    public static List<Path> writeFor(RunInfo run, DrillResult result, Path ledgerFile, java.util.Collection<String> secretValues) {
        Path folder = RunFolder.drillFolder(run, result.drillId());
        List<Path> files = new ArrayList<>();
        files.add(RunFolder.writeAtomically(folder.resolve(TIMELINE_SVG), Secrets.mask(timeline(result), secretValues)));
        ledger(result, ledgerFile).ifPresent(svg ->
                files.add(RunFolder.writeAtomically(folder.resolve(LEDGER_SVG), Secrets.mask(svg, secretValues))));
        return files;
    }

    /** The timeline chart of {@code result}'s timeline; paths in the order first observed. */
    public static String timeline(DrillResult result) {
        Timeline t = result.measurements().timeline();
        long origin = t.startedAt().monotonicNanos();
        long end = endOf(t, origin);
        List<AlertLane> lanes = alertLanes(t);
        int lanesTop = 400;
        int legendY = lanes.isEmpty() ? 395 : lanesTop + lanes.size() * LANE + 22;
        Svg svg = new Svg(W, legendY + 25).title("Drill " + result.drillId() + " timeline");
        svg.text(W / 2.0, 18, "Drill " + result.drillId() + " " + result.title() + ": availability and latency per second", 14, "middle");
        int availTop = 40;
        int availH = 150;
        int latTop = 230;
        int latH = 140;
        shade(svg, result.measurements(), origin, end, availTop, availH);
        shade(svg, result.measurements(), origin, end, latTop, latH);
        axes(svg, availTop, availH, origin, end, "success %", 0, 100);

        List<String> paths = t.paths();
        double maxLatency = 1;
        Map<String, TreeMap<Long, double[]>> buckets = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            TreeMap<Long, double[]> byBucket = new TreeMap<>();   // second -> {count, successes, latency sum ms}
            for (Observation o : t.observations(path)) {
                long second = (o.start().monotonicNanos() - origin) / SECOND;
                double[] b = byBucket.computeIfAbsent(second, k -> new double[3]);
                b[0]++;
                b[1] += o.success() ? 1 : 0;
                b[2] += o.latency().toNanos() / 1e6;
            }
            for (double[] b : byBucket.values()) {
                maxLatency = Math.max(maxLatency, b[2] / b[0]);
            }
            buckets.put(path, byBucket);
        }
        maxLatency = niceCeiling(maxLatency);
        axes(svg, latTop, latH, origin, end, "mean latency ms", 0, maxLatency);
        int i = 0;
        for (Map.Entry<String, TreeMap<Long, double[]>> e : buckets.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            List<double[]> avail = new ArrayList<>();
            List<double[]> lat = new ArrayList<>();
            for (Map.Entry<Long, double[]> b : e.getValue().entrySet()) {
                double x = x((b.getKey() * SECOND) + SECOND / 2, 0, end - origin);
                double[] v = b.getValue();
                avail.add(new double[] {x, availTop + availH - availH * (v[1] / v[0])});
                lat.add(new double[] {x, latTop + latH - latH * Math.min(1, (v[2] / v[0]) / maxLatency)});
            }
            svg.polyline(avail, colour, 1.8).polyline(lat, colour, 1.8);
            svg.rect(LEFT + 10 + i * 120, legendY, 14, 8, colour).text(LEFT + 28 + i * 120, legendY + 8, e.getKey(), 11, "start");
            i++;
        }
        svg.rect(LEFT + 10 + i * 120, legendY, 14, 8, OUTAGE).text(LEFT + 28 + i * 120, legendY + 8, "outage", 11, "start");
        svg.rect(LEFT + 10 + (i + 1) * 120, legendY, 14, 8, RECOVERY, 0.6).text(LEFT + 28 + (i + 1) * 120, legendY + 8, "recovery", 11, "start");
        if (!lanes.isEmpty()) {
            drawAlertLanes(svg, lanes, origin, end, lanesTop);
            int k = i + 2;
            svg.rect(LEFT + 10 + k * 120, legendY, 14, 8, PENDING).text(LEFT + 28 + k * 120, legendY + 8, "alert pending", 11, "start");
            svg.rect(LEFT + 10 + (k + 1) * 120, legendY, 14, 8, FIRING).text(LEFT + 28 + (k + 1) * 120, legendY + 8, "alert firing", 11, "start");
            svg.circle(LEFT + 17 + (k + 2) * 120, legendY + 4, 4, "#333").text(LEFT + 28 + (k + 2) * 120, legendY + 8, "delivered", 11, "start");
        }
        markerLines(svg, t, origin, end, availTop, lanes.isEmpty() ? latTop + latH : lanesTop + lanes.size() * LANE);
        return svg.toString();
    }

    /**
     * The ledger chart from the exported ledger file ({@code ledger.jsonl}: one line per attempt) and
     * the ledger report (which ids were lost); empty when there is no ledger file.
     */
    public static Optional<String> ledger(DrillResult result, Path ledgerFile) {
        LedgerReport report = result.measurements().ledger();
        if (ledgerFile == null || !Files.isRegularFile(ledgerFile)) {
            return Optional.empty();
        }
        Timeline t = result.measurements().timeline();
        long origin = t.startedAt().monotonicNanos();
        Map<Long, Long> ackAt = new TreeMap<>();
        Map<Long, Long> indeterminateAt = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(ledgerFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                long id = n.path("id").asLong();
                String outcome = n.path("outcome").asText();
                if ("acknowledged".equals(outcome) && n.hasNonNull("completed_mono_ns")) {
                    ackAt.merge(id, n.get("completed_mono_ns").asLong() - origin, Math::min);
                } else if ("indeterminate".equals(outcome) || "invoked".equals(outcome)) {
                    indeterminateAt.merge(id, n.path("invoked_mono_ns").asLong() - origin, Math::min);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the ledger " + ledgerFile + " for its chart: " + e, e);
        }
        ackAt.keySet().forEach(indeterminateAt::remove);
        Set<Long> lost = new HashSet<>(report == null ? List.of() : report.lost());
        List<Long> ackTimes = ackAt.values().stream().sorted().toList();
        List<Long> lostTimes = ackAt.entrySet().stream().filter(e -> lost.contains(e.getKey())).map(Map.Entry::getValue).sorted().toList();
        List<Long> indTimes = indeterminateAt.values().stream().sorted().toList();
        long end = endOf(t, origin);
        for (List<Long> times : List.of(ackTimes, indTimes)) {
            if (!times.isEmpty()) {
                end = Math.max(end, origin + times.get(times.size() - 1));
            }
        }
        int top = 40;
        int h = 280;
        double max = niceCeiling(Math.max(1, ackTimes.size()));
        Svg svg = new Svg(W, 380).title("Drill " + result.drillId() + " ledger");
        svg.text(W / 2.0, 18, "Drill " + result.drillId() + " " + result.title() + ": writes over time", 14, "middle");
        shade(svg, result.measurements(), origin, end, top, h);
        axes(svg, top, h, origin, end, "writes (cumulative)", 0, max);
        long span = end - origin;
        svg.polyline(steps(ackTimes, span, top, h, max), "#1f77b4", 1.8);
        svg.polyline(steps(indTimes, span, top, h, max), "#ff7f0e", 1.8);
        svg.polyline(steps(lostTimes, span, top, h, max), "#d62728", 2.5);
        String recovered = report == null ? "" : " (" + report.recovered() + " of them present after all)";
        svg.rect(LEFT + 10, 355, 14, 8, "#1f77b4").text(LEFT + 28, 363, "acknowledged " + ackTimes.size(), 11, "start");
        svg.rect(LEFT + 180, 355, 14, 8, "#ff7f0e").text(LEFT + 198, 363, "indeterminate " + indTimes.size() + recovered, 11, "start");
        svg.rect(LEFT + 520, 355, 14, 8, "#d62728").text(LEFT + 538, 363, "lost " + lostTimes.size(), 11, "start");
        markerLines(svg, t, origin, end, top, top + h);
        return Optional.of(svg.toString());
    }

    private static List<double[]> steps(List<Long> times, long span, int top, int h, double max) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {x(0, 0, span), top + h});
        int count = 0;
        for (long at : times) {
            double x = x(at, 0, span);
            points.add(new double[] {x, top + h - h * count / max});
            count++;
            points.add(new double[] {x, top + h - h * count / max});
        }
        points.add(new double[] {x(span, 0, span), top + h - h * count / max});
        return points;
    }

    /** One alert's lane: its changes in Prometheus ({@code pending}, {@code firing}, then gone) and its deliveries. */
    private record AlertLane(String identity, List<AlertHistory.Change> changes) {
    }

    /** The alerts the watch saw, one lane each, in the order they first changed. */
    private static List<AlertLane> alertLanes(Timeline t) {
        Map<String, List<AlertHistory.Change>> byAlert = new java.util.LinkedHashMap<>();
        for (AlertHistory.Change c : AlertHistory.of(t).changes(null, Map.of())) {
            if (c.event().source() != AlertEvent.Source.ALERTMANAGER) {
                byAlert.computeIfAbsent(c.event().identity(), k -> new ArrayList<>()).add(c);
            }
        }
        return byAlert.entrySet().stream().map(e -> new AlertLane(e.getKey(), e.getValue())).toList();
    }

    /** Pending and firing stretches as bars, deliveries as dots (red: firing, green: resolved), the alert named at the left. */
    private static void drawAlertLanes(Svg svg, List<AlertLane> lanes, long origin, long end, int top) {
        long span = end - origin;
        svg.text(12, top - 6, "alerts (Prometheus; dots: delivered)", 11, "start");
        for (int l = 0; l < lanes.size(); l++) {
            double y = top + l * LANE;
            svg.line(LEFT, y + LANE - 2, W - RIGHT, y + LANE - 2, "#eee", 0.5);
            String state = null;
            long since = 0;
            for (AlertHistory.Change c : lanes.get(l).changes()) {
                long at = c.at().monotonicNanos() - origin;
                if (c.event().source() == AlertEvent.Source.DELIVERED) {
                    svg.circle(x(at, 0, span), y + LANE / 2.0, 3.5, "firing".equals(c.event().state()) ? FIRING : "#2ca02c");
                    continue;
                }
                bar(svg, state, since, at, span, y);
                state = c.event().state();
                since = at;
            }
            bar(svg, state, since, span, span, y);
            svg.text(LEFT + 4, y + LANE - 5, lanes.get(l).identity(), 9, "start");
        }
    }

    private static void bar(Svg svg, String state, long from, long to, long span, double y) {
        String fill = "pending".equals(state) ? PENDING : "firing".equals(state) ? FIRING : null;
        if (fill != null && to > from) {
            svg.rect(x(from, 0, span), y + 2, x(to, 0, span) - x(from, 0, span), LANE - 5, fill, 0.7);
        }
    }

    private static long endOf(Timeline t, long origin) {
        long end = origin + SECOND;
        for (TimelineEvent e : t.events()) {
            end = Math.max(end, e.at().monotonicNanos());
        }
        for (Observation o : t.observations()) {
            end = Math.max(end, o.start().monotonicNanos());
        }
        return end;
    }

    /**
     * The outage red, one band per failure window of each measured path, from its start to its end (to the chart's
     * end when it never closed); over it the recovery amber, see-through, from {@code recovery-started} to
     * {@code recovered}, so a path still failing during the recovery shows as both.
     */
    private static void shade(Svg svg, DrillMeasurements m, long origin, long end, int top, int h) {
        Timeline t = m.timeline();
        if (t.first(Marker.DISRUPTION).isEmpty()) {
            return;
        }
        long span = end - origin;
        for (RecoveryMeasurement r : m.recoveryByPath().values()) {
            for (FailureWindow w : r.windows()) {
                long from = w.start().monotonicNanos() - origin;
                long to = w.closed() ? w.end().monotonicNanos() - origin : span;
                svg.rect(x(from, 0, span), top, x(to, 0, span) - x(from, 0, span), h, OUTAGE);
            }
        }
        Optional<TimePoint> started = t.first(Marker.RECOVERY_STARTED);
        if (started.isPresent()) {
            long recoveryStarted = started.get().monotonicNanos() - origin;
            long recovered = t.first(Marker.RECOVERED).map(p -> p.monotonicNanos() - origin).orElse(span);
            if (recovered > recoveryStarted) {
                svg.rect(x(recoveryStarted, 0, span), top, x(recovered, 0, span) - x(recoveryStarted, 0, span), h,
                        RECOVERY, 0.6);
            }
        }
    }

    /** A line per marker; a label that would overlap the one before it (markers close in time) goes a row lower. */
    private static void markerLines(Svg svg, Timeline t, long origin, long end, int top, int bottom) {
        double labelEnd = Double.NEGATIVE_INFINITY;
        int row = 0;
        for (TimelineEvent e : t.events()) {
            if (!e.isMarker() || e.marker() == Marker.END) {
                continue;
            }
            double x = x(e.at().monotonicNanos() - origin, 0, end - origin);
            row = x < labelEnd ? (row + 1) % MARKER_LABEL_ROWS : 0;
            labelEnd = x + 2 + e.marker().id().length() * MARKER_LABEL_CHAR_WIDTH;
            svg.line(x, top, x, bottom, "#555", 0.6).text(x + 2, top + 10 + row * 10, e.marker().id(), 9, "start");
        }
    }

    private static void axes(Svg svg, int top, int h, long origin, long end, String label, double min, double max) {
        svg.line(LEFT, top, LEFT, top + h, "#333", 1).line(LEFT, top + h, W - RIGHT, top + h, "#333", 1);
        for (int k = 0; k <= 4; k++) {
            double y = top + h - h * k / 4.0;
            svg.line(LEFT - 4, y, W - RIGHT, y, "#ddd", 0.5).text(LEFT - 6, y + 4, number(min + (max - min) * k / 4), 10, "end");
        }
        double seconds = (end - origin) / 1e9;
        double tick = niceCeiling(seconds / 8);
        for (double s = 0; s <= seconds; s += tick) {
            double x = x((long) (s * SECOND), 0, end - origin);
            svg.line(x, top + h, x, top + h + 4, "#333", 1).text(x, top + h + 15, number(s) + " s", 10, "middle");
        }
        svg.text(12, top - 8, label, 11, "start");
    }

    private static double x(long nanosFromOrigin, long from, long span) {
        double share = span <= 0 ? 0 : (double) (nanosFromOrigin - from) / span;
        return LEFT + (W - LEFT - RIGHT) * Math.max(0, Math.min(1, share));
    }

    /** 1, 2, 5 times a power of ten at or above {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
