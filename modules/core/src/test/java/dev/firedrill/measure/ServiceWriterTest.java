package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.firedrill.HarnessClock;
import dev.firedrill.LedgerReport;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceWriterTest {

    private static final WriterSettings FAST = WriterSettings.defaults().withInterval(Duration.ofMillis(20))
            .withRequestTimeout(Duration.ofMillis(300));

    private ServiceStub service;

    @BeforeEach
    void startService() throws Exception {
        service = new ServiceStub();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private static long count(OperationLedger ledger, Outcome outcome) {
        return ledger.records().stream().filter(r -> r.outcome() == outcome).count();
    }

    @Test
    void classifiesAcknowledgedFailedAndIndeterminateWritesAndReadsThemBack() {
        try (ServiceWriter writer = new ServiceWriter(service.uri(), HarnessClock.system(), FAST)) {
            writer.start();
            OperationLedger ledger = writer.ledger();
            await("5 acknowledged writes").atMost(Duration.ofSeconds(10))
                    .until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= 5);
            service.mode(ServiceStub.Mode.DOWN);
            await("3 failed writes").atMost(Duration.ofSeconds(10)).until(() -> count(ledger, Outcome.FAILED) >= 3);
            service.mode(ServiceStub.Mode.HANG);
            await("1 indeterminate write").atMost(Duration.ofSeconds(10))
                    .until(() -> count(ledger, Outcome.INDETERMINATE) >= 1);
            long acknowledgedBefore = count(ledger, Outcome.ACKNOWLEDGED);
            service.mode(ServiceStub.Mode.UP); // the hung requests commit now, after their client gave up
            await("5 more acknowledged writes").atMost(Duration.ofSeconds(10))
                    .until(() -> count(ledger, Outcome.ACKNOWLEDGED) >= acknowledgedBefore + 5);
            writer.stop();

            LedgerReport r = LedgerAnalysis.of(null).analyse(ledger.records(), writer.readBack());
            assertThat(r.lost()).isEmpty();
            assertThat(r.unexpected()).isZero();
            assertThat(r.failed()).isGreaterThanOrEqualTo(3);
            assertThat(r.failedButPresent()).isZero();
            assertThat(r.recovered()).isGreaterThanOrEqualTo(1);
            assertThat(r.invoked()).isEqualTo(ledger.size());
            assertThat(ledger.records()).filteredOn(o -> o.outcome() == Outcome.FAILED)
                    .extracting(OperationRecord::reason).contains("HTTP 503");
            assertThat(ledger.records()).filteredOn(o -> o.outcome() == Outcome.INDETERMINATE)
                    .extracting(OperationRecord::reason).allMatch(reason -> reason.startsWith("timeout"));
        }
    }

    @Test
    void stopsCleanlyAndWritesNothingAfterStop() {
        ServiceWriter writer = new ServiceWriter(service.uri(), HarnessClock.system(), FAST);
        writer.start();
        await("a few writes").atMost(Duration.ofSeconds(10)).until(() -> writer.ledger().size() >= 3);
        writer.close();
        int size = writer.ledger().size();
        int stored = service.entries();
        assertThat(writer.ledger().records()).allMatch(o -> o.outcome() != Outcome.INVOKED);
        writer.close(); // idempotent
        assertThat(writer.ledger().size()).isEqualTo(size);
        assertThat(service.entries()).isEqualTo(stored);
        assertThatThrownBy(writer::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesThatNeverConnectAreDefiniteFailures() throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (ServiceWriter writer = new ServiceWriter(closed, HarnessClock.system(), FAST)) {
            writer.start();
            await("3 refused writes").atMost(Duration.ofSeconds(10)).until(() -> writer.ledger().size() >= 3);
            writer.stop();
            assertThat(writer.ledger().records()).allMatch(o -> o.outcome() == Outcome.FAILED)
                    .allMatch(o -> o.reason().startsWith("not connected"));
            assertThatThrownBy(writer::readBack).isInstanceOf(MeasurementException.class)
                    .hasMessageContaining(closed + "/entries").hasMessageContaining("read back entries");
        }
    }

    @Test
    void readBackPagesThroughTheEntriesAndKeepsOnlyItsOwnIds() {
        ServiceWriter writer = new ServiceWriter(service.uri(), HarnessClock.system(), FAST);
        HttpProbes http = Probes.http(service.uri());
        for (int i = 1; i <= 7; i++) {
            http.seedEntry(writer.entryId(i));
            http.seedEntry("someone-else-" + i);
        }
        http.seedEntry(writer.idPrefix() + "not-a-number");
        List<Long> ids = new ArrayList<>();
        HttpCalls.readEntries(HttpCalls.client(Duration.ofSeconds(2)), service.uri(), writer.idPrefix(),
                Duration.ofSeconds(2), 3, ids::add);
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, -1L);
        assertThat(writer.readBack().size()).isEqualTo(8);
        writer.close();
    }
}
