package dev.firedrill.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Observation;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a drill's timeline as JSON lines (the evidence's {@code timeline_file}): first every
 * marker and note in monotonic order, {@code {"type":"marker"|"note","at":"<UTC ISO-8601>",
 * "mono_ns":..,"kind":..,"detail":..}}, then every observation in order of start,
 * {@code {"type":"observation","path":..,"start":..,"mono_ns":..,"latency_ms":12.5,"success":..,
 * "detail":..}}. Details are masked with {@link Secrets}.
 *
 * <p>Example: {@code Path file = TimelineFiles.writeFor(run, "D01", timeline, secrets);}
 */
public final class TimelineFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TimelineFiles() {
    }

    /** Writes {@code timeline} to {@code <run folder>/<drill>/timeline.jsonl}; returns that file. */
    public static Path writeFor(RunInfo run, String drillId, Timeline timeline, Collection<String> secretValues) {
        return write(timeline, RunFolder.drillFolder(run, drillId).resolve(RunFolder.TIMELINE_FILE), secretValues);
    }

    /** Writes {@code timeline} to {@code file} (replacing it, atomically); returns {@code file}. */
    public static Path write(Timeline timeline, Path file, Collection<String> secretValues) {
        Objects.requireNonNull(timeline, "timeline must not be null");
        Objects.requireNonNull(file, "file must not be null");
        Collection<String> secrets = secretValues == null ? Set.of() : secretValues;
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(timeline, w, secrets);
            }
            RunFolder.move(tmp, file);
            return file;
        } catch (IOException e) {
            RunFolder.deleteQuietly(tmp);
            throw new UncheckedIOException("Could not write the timeline to " + file + ": " + e, e);
        }
    }

    /** Writes {@code timeline} as JSON lines to {@code out}. */
    public static void write(Timeline timeline, Writer out, Collection<String> secretValues) throws IOException {
        for (TimelineEvent e : timeline.events()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", e.isMarker() ? "marker" : "note");
            line.put("at", e.at().wall().toString());
            line.put("mono_ns", e.at().monotonicNanos());
            line.put("kind", e.kind());
            line.put("detail", Secrets.mask(e.detail(), secretValues));
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
        }
        for (Observation o : timeline.observations()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "observation");
            line.put("path", o.path());
            line.put("start", o.start().wall().toString());
            line.put("mono_ns", o.start().monotonicNanos());
            line.put("latency_ms", o.latency().toNanos() / 1e6);
            line.put("success", o.success());
            line.put("detail", Secrets.mask(o.detail(), secretValues));
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
        }
    }
}
