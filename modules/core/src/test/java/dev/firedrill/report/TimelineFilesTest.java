package dev.firedrill.report;

import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineFilesTest {

    @TempDir
    Path reports;

    @Test
    void writesMarkersNotesThenObservationsAsJsonLinesUnderTheDrillsFolder() throws IOException {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        timeline.record(new Observation("write", clock.advanceMillis(50), Duration.ofNanos(12_500_000), true, "201"));
        timeline.mark(Marker.DISRUPTION, "kill \"ledger\"", clock.advanceMillis(50));
        timeline.note("step-started", "restart(ledger)");
        timeline.record(new Observation("read", clock.advanceMillis(100), Duration.ofMillis(3), false, "HTTP 503"));
        RunInfo run = new RunInfo("r1", Instant.EPOCH, reports.resolve("r1"), null, "h", "e", Map.of());

        Path file = TimelineFiles.writeFor(run, "D01", timeline, Set.of());

        assertThat(file).isEqualTo(reports.resolve("r1/D01/timeline.jsonl"));
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"type\":\"marker\",\"at\":\"2026-01-01T00:00:00.100Z\",\"mono_ns\":100000000,"
                        + "\"kind\":\"disruption\",\"detail\":\"kill \\\"ledger\\\"\"}",
                "{\"type\":\"note\",\"at\":\"2026-01-01T00:00:00.100Z\",\"mono_ns\":100000000,"
                        + "\"kind\":\"step-started\",\"detail\":\"restart(ledger)\"}",
                "{\"type\":\"observation\",\"path\":\"write\",\"start\":\"2026-01-01T00:00:00.050Z\","
                        + "\"mono_ns\":50000000,\"latency_ms\":12.5,\"success\":true,\"detail\":\"201\"}",
                "{\"type\":\"observation\",\"path\":\"read\",\"start\":\"2026-01-01T00:00:00.200Z\","
                        + "\"mono_ns\":200000000,\"latency_ms\":3.0,\"success\":false,\"detail\":\"HTTP 503\"}");
    }

    @Test
    void masksSecretsInDetails() throws IOException {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        timeline.note("config", "LEDGER_DB_URL=jdbc:postgresql://db/ledger?password=p4ss-word");
        timeline.record(new Observation("write", clock.now(), Duration.ZERO, false, "auth failed for s3cr3t-value"));

        Path file = TimelineFiles.write(timeline, reports.resolve("t.jsonl"), Set.of("s3cr3t-value"));

        String text = Files.readString(file);
        assertThat(text).doesNotContain("p4ss-word").doesNotContain("s3cr3t-value").contains("password=****");
    }
}
