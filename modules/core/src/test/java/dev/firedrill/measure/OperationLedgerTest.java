package dev.firedrill.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.HarnessClock;
import dev.firedrill.ManualClock;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationLedgerTest {

    private final ManualClock clock = new ManualClock();
    private final OperationLedger ledger = new OperationLedger(clock);

    @Test
    void recordsEveryAttemptWithBothClocks() {
        long a = ledger.invoke();
        clock.advanceMillis(5);
        long b = ledger.invoke();
        clock.advanceMillis(5);
        ledger.acknowledged(a);
        ledger.indeterminate(b, "timeout after PT2S");
        clock.advanceMillis(100);
        ledger.retry(b);
        clock.advanceMillis(5);
        ledger.failed(b, "HTTP 503");

        List<OperationRecord> records = ledger.records();
        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(2);
        assertThat(records).extracting(OperationRecord::id).containsExactly(1L, 2L, 2L);
        assertThat(records).extracting(OperationRecord::attempt).containsExactly(1, 1, 2);
        assertThat(records).extracting(OperationRecord::outcome)
                .containsExactly(Outcome.ACKNOWLEDGED, Outcome.INDETERMINATE, Outcome.FAILED);
        assertThat(records.get(0).completedAt().since(records.get(0).invokedAt())).isEqualTo(Duration.ofMillis(10));
        assertThat(records.get(2).invokedAt().wall()).isEqualTo(ManualClock.DEFAULT_START.plusMillis(110));
        assertThat(records.get(2).reason()).isEqualTo("HTTP 503");
    }

    @Test
    void refusesOutcomesForUnknownIdsAndSecondOutcomes() {
        long id = ledger.invoke();
        ledger.acknowledged(id);
        assertThatThrownBy(() -> ledger.failed(id, "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already acknowledged");
        assertThatThrownBy(() -> ledger.acknowledged(42))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
        long open = ledger.invoke();
        assertThatThrownBy(() -> ledger.retry(open)).hasMessageContaining("no outcome yet");
    }

    @Test
    void startsAtTheGivenFirstId() {
        OperationLedger based = new OperationLedger(clock, 1_000_000);
        assertThat(based.invoke()).isEqualTo(1_000_000);
        assertThat(based.peekNextId()).isEqualTo(1_000_001);
    }

    @Test
    void exportsOneJsonLinePerAttempt(@TempDir Path dir) throws Exception {
        long id = ledger.invoke();
        clock.advanceMillis(7);
        ledger.failed(id, "said \"no\"");
        ledger.invoke();

        Path file = ledger.exportJsonLines(dir.resolve("evidence/ledger.jsonl"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "{\"id\":1,\"attempt\":1,\"outcome\":\"failed\",\"invoked_at\":\"2026-01-01T00:00:00Z\","
                        + "\"invoked_mono_ns\":0,\"completed_at\":\"2026-01-01T00:00:00.007Z\","
                        + "\"completed_mono_ns\":7000000,\"reason\":\"said \\\"no\\\"\"}",
                "{\"id\":2,\"attempt\":1,\"outcome\":\"invoked\",\"invoked_at\":\"2026-01-01T00:00:00.007Z\","
                        + "\"invoked_mono_ns\":7000000,\"completed_at\":null,\"completed_mono_ns\":null,"
                        + "\"reason\":null}");
        StringWriter w = new StringWriter();
        ledger.writeJsonLines(w);
        assertThat(w.toString()).hasLineCount(2);
    }

    @Test
    void handsOutUniqueIdsAcrossThreads() throws InterruptedException {
        OperationLedger shared = new OperationLedger(HarnessClock.system());
        Set<Long> ids = java.util.Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 25_000; i++) {
                    long id = shared.invoke();
                    ids.add(id);
                    shared.acknowledged(id);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ids).hasSize(100_000);
        assertThat(shared.size()).isEqualTo(100_000);
        assertThat(shared.records()).allMatch(r -> r.outcome() == Outcome.ACKNOWLEDGED);
    }
}
