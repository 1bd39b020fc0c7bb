package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

    private ServiceStub service;
    private final Timeline timeline = new Timeline(HarnessClock.system());

    @BeforeEach
    void startService() throws Exception {
        service = new ServiceStub();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void recordsEveryObservationOfReadWriteAndReadinessPaths() {
        HttpProbes http = Probes.http(service.uri()).every(Duration.ofMillis(20)).timeout(Duration.ofMillis(300));
        String entry = http.seedEntry("probe-read-1");
        try (Probe.Running read = http.read(entry).start(timeline);
                Probe.Running write = http.write().start(timeline);
                Probe.Running ready = http.get("ready", "/ready").start(timeline)) {
            await("5 successful observations per path").atMost(Duration.ofSeconds(10))
                    .until(() -> read.observations() >= 5 && write.observations() >= 5 && ready.observations() >= 5);
            service.mode(ServiceStub.Mode.DOWN);
            await("3 failed reads").atMost(Duration.ofSeconds(10))
                    .until(() -> timeline.observations("read").stream().filter(o -> !o.success()).count() >= 3);
            service.mode(ServiceStub.Mode.UP);
            await("the write path steady again").atMost(Duration.ofSeconds(10)).until(() -> {
                var writes = timeline.observations("write");
                return writes.size() >= 5 && writes.subList(writes.size() - 5, writes.size()).stream()
                        .allMatch(Observation::success);
            });
        }
        assertThat(timeline.observations("read")).filteredOn(o -> !o.success()).extracting(Observation::detail)
                .as("a failed answer keeps its status and the body that says why").contains("HTTP 503 {\"error\":\"database unreachable\"}");
        assertThat(timeline.observations("write")).filteredOn(o -> !o.success()).extracting(Observation::detail)
                .contains("HTTP 503 {\"error\":\"database unreachable\"}");
        assertThat(timeline.observations("read").get(0).success()).isTrue();
        assertThat(timeline.observations("ready")).isNotEmpty();
        int recorded = timeline.observations().size();
        await("no observation after close").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> timeline.observations().size() == recorded);
    }

    @Test
    void dataPathFailsWhileItsEntryIsGoneFromTheDatabase() {
        HttpProbes http = Probes.http(service.uri()).every(Duration.ofMillis(20)).timeout(Duration.ofMillis(300));
        long seq = http.seedEntryWithSeq("probe-data-1", 2);
        http.seedEntry("later-1");
        try (Probe.Running data = http.data("probe-data-1", seq).start(timeline)) {
            await("3 successes").atMost(Duration.ofSeconds(10))
                    .until(() -> timeline.observations("data").stream().filter(Observation::success).count() >= 3);
            service.delete("probe-data-1");
            await("3 failures").atMost(Duration.ofSeconds(10))
                    .until(() -> timeline.observations("data").stream().filter(o -> !o.success()).count() >= 3);
        }
        assertThat(timeline.observations("data").get(0).success()).isTrue();
        assertThat(timeline.observations("data")).filteredOn(o -> !o.success()).extracting(Observation::detail)
                .contains("entry 'probe-data-1' (seq " + seq + ") is gone from the database; the next entry is 'later-1'");
        assertThatThrownBy(() -> http.data("probe-data-1", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
    }

    @Test
    void measuresAKnownOutageWithinTolerance() {
        HttpProbes http = Probes.http(service.uri()).every(Duration.ofMillis(20)).timeout(Duration.ofMillis(300));
        try (Probe.Running write = http.write().start(timeline)) {
            await("steady before the fault").atMost(Duration.ofSeconds(10)).until(() -> write.observations() >= 5);
            service.mode(ServiceStub.Mode.DOWN);
            var disruption = timeline.mark(dev.firedrill.Marker.DISRUPTION, "stub answers 503").at();
            await("outage held for 500 ms").pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            // The instant is taken before the switch, so no answer after it can precede it.
            var restored = timeline.clock().now();
            service.mode(ServiceStub.Mode.UP);
            timeline.mark(dev.firedrill.Marker.RECOVERY_STARTED, "stub answers again", restored);
            await("steady after the fault").atMost(Duration.ofSeconds(10)).until(() -> timeline.observations("write")
                    .stream().filter(o -> o.start().isAfter(restored) && o.success()).count() >= 6);
            var m = RecoveryAnalysis.defaults().measure("write", timeline);
            Duration outage = restored.since(disruption);
            assertThat(m.recovered()).isTrue();
            // A request sent just before the switch may be answered after it and count from its start:
            // allow a few probe intervals early (more than one on a loaded 2-core machine).
            assertThat(m.rto()).isBetween(outage.minus(Duration.ofMillis(150)), outage.plus(Duration.ofMillis(500)));
            assertThat(m.ttr()).isBetween(Duration.ZERO, Duration.ofMillis(500));
            assertThat(m.detection()).isBetween(Duration.ZERO, Duration.ofMillis(400));
        }
    }

    @Test
    void aReadThatAnswersAnotherEntryIsAFailure() {
        HttpProbes http = Probes.http(service.uri()).timeout(Duration.ofMillis(300));
        HttpProbe probe = http.read("absent-entry");
        Observation o = probe.observeOnce(HttpCalls.client(Duration.ofMillis(300)), HarnessClock.system(), 1);
        assertThat(o.success()).isFalse();
        assertThat(o.detail()).isEqualTo("HTTP 404 {\"error\":\"not found\"}");
        assertThat(o.path()).isEqualTo("read");
    }

    @Test
    void aHungRequestIsAFailedObservationBoundedByTheTimeout() {
        HttpProbe probe = Probes.http(service.uri()).timeout(Duration.ofMillis(200)).get("ready", "/ready");
        service.mode(ServiceStub.Mode.HANG);
        Observation o = probe.observeOnce(HttpCalls.client(Duration.ofMillis(200)), HarnessClock.system(), 1);
        service.mode(ServiceStub.Mode.UP);
        assertThat(o.success()).isFalse();
        assertThat(o.detail()).startsWith("timeout after");
        assertThat(o.latency()).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    }

    @Test
    void refusesIntervalsBelowTwentyMilliseconds() {
        assertThatThrownBy(() -> Probes.http(service.uri()).every(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.02S");
        assertThatThrownBy(() -> Probes.http(service.uri()).read(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
