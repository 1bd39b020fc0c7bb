package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.LedgerReport;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.ReleaseChange;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.measure.History.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** read-only-stretches, writes-frozen-during and refused-writes-absent on synthetic timelines. */
class MaintenanceSlosTest {

    private static final String REFUSED = "HTTP 503 {\"error\": \"the service is in read-only mode\", \"mode\": \"readonly\"}";

    /**
     * Read-only from 2000 to 6000 ms (a migration from 3000 to 5000 ms within it), a deploy's gap from 7000 to
     * {@code gapEnd} ms; writes every 100 ms, refused in read-only unless {@code readOnly} is false.
     */
    private static Timeline timeline(boolean readOnly, long gapEnd) {
        Timeline t = new Timeline(new ManualClock());
        t.mark(Marker.STEADY_PROVEN, "steady", at(0));
        if (readOnly) {
            t.note(ReleaseChange.NOTE, new ReleaseChange("ledger mode", "off", "readonly", "maintenance-mode(ledger, readonly)").detail(), at(2_000));
            t.note(ReleaseChange.NOTE, new ReleaseChange("ledger mode", "readonly", "off", "maintenance-mode(ledger, off)").detail(), at(6_000));
        }
        t.note("step-started", "migrate(0003)", at(3_000));
        t.note("step-finished", "migrate(0003)", at(5_000));
        for (long ms = 0; ms < 10_000; ms += 100) {
            boolean refused = readOnly && ms >= 2_000 && ms < 6_000;
            boolean gap = ms >= 7_000 && ms < gapEnd;
            t.record(new Observation("write", at(ms), Duration.ofMillis(10), !refused && !gap,
                    refused ? REFUSED : gap ? "ConnectException: Connection refused" : null));
            t.record(new Observation("read", at(ms), Duration.ofMillis(10), !gap, gap ? "ConnectException: Connection refused" : null));
        }
        return t;
    }

    private static ObjectiveResult judge(dev.firedrill.Objective o, Timeline t) {
        return o.judge(dev.firedrill.measure.Measurements.compute(t, null));
    }

    @Test
    void refusalsInReadOnlyNamingItAndAShortDeployGapMeetTheStretches() {
        ObjectiveResult writes = judge(MaintenanceSlos.failsOnlyInReadOnly("write", "read-only", Duration.ofSeconds(1)), timeline(true, 7_500));
        ObjectiveResult reads = judge(MaintenanceSlos.failsOnlyInReadOnly("read", null, Duration.ofSeconds(1)), timeline(true, 7_500));

        assertThat(writes.passed()).as(writes.message()).isTrue();
        assertThat(writes.measured()).isEqualTo("500");
        assertThat(writes.message()).contains("1 read-only stretch(es): 40 failed answer(s) there (each must name 'read-only')")
                .contains("outside: 1 failure window(s), the longest 500 ms, target ≤ 1000 ms: met");
        assertThat(reads.passed()).as(reads.message()).isTrue();
    }

    @Test
    void aLongerGapOrAFailureInReadOnlyNotNamingItMissesNamingWhen() {
        ObjectiveResult longGap = judge(MaintenanceSlos.failsOnlyInReadOnly("write", "read-only", Duration.ofSeconds(1)), timeline(true, 9_000));
        ObjectiveResult wrongCause = judge(MaintenanceSlos.failsOnlyInReadOnly("write", "draining", Duration.ofSeconds(1)), timeline(true, 7_500));

        assertThat(longGap.passed()).isFalse();
        assertThat(longGap.measured()).isEqualTo("2000");
        assertThat(longGap.message()).contains("missed: outside read-only 2026").contains("for 2000 ms (ConnectException: Connection refused)");
        assertThat(wrongCause.passed()).isFalse();
        assertThat(wrongCause.message()).contains("missed: in read-only at ").contains("read-only mode");
    }

    @Test
    void writesAcknowledgedDuringAMigrationBreakTheFreeze() {
        ObjectiveResult frozen = judge(MaintenanceSlos.writesFrozenDuring("write", "migrate"), timeline(true, 7_500));
        ObjectiveResult open = judge(MaintenanceSlos.writesFrozenDuring("write", "migrate"), timeline(false, 7_500));
        ObjectiveResult noStep = judge(MaintenanceSlos.writesFrozenDuring("write", "rollback"), timeline(true, 7_500));

        assertThat(frozen.passed()).as(frozen.message()).isTrue();
        assertThat(open.passed()).isFalse();
        assertThat(open.measured()).isEqualTo("20");
        assertThat(open.message()).isEqualTo("Writes of path 'write' acknowledged while 1 step(s) migrate(...) ran: 20 (the first at "
                + at(3_000).wall() + "), target 0: missed");
        assertThat(noStep.passed()).isFalse();
        assertThat(noStep.message()).contains("not measured: no such step ran");
    }

    @Test
    void aRefusedWriteFoundInTheDatabaseMisses() {
        List<OperationRecord> writes = List.of(History.ack(1, 0, 10), History.failed(2, 100, 110), History.failed(3, 200, 210));
        LedgerReport clean = LedgerAnalysis.of(at(1_000)).analyse(writes, ReadBack.of(1));
        LedgerReport halfApplied = LedgerAnalysis.of(at(1_000)).analyse(writes, ReadBack.of(1, 3));
        Timeline t = new Timeline(new ManualClock());

        assertThat(MaintenanceSlos.refusedWritesAbsent().judge(Measurements.compute(t, clean)).passed()).isTrue();
        ObjectiveResult missed = MaintenanceSlos.refusedWritesAbsent().judge(Measurements.compute(t, halfApplied));
        assertThat(missed.passed()).isFalse();
        assertThat(missed.message()).isEqualTo("Refused writes present (failed_but_present) (whole drill) was 1 of 2 refused, target ≤ 0: missed");
        assertThat(MaintenanceSlos.refusedWritesAbsent().judge(Measurements.compute(t, null)).passed()).isFalse();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> MaintenanceSlos.failsOnlyInReadOnly("write", null, Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> MaintenanceSlos.writesFrozenDuring("write", " ")).hasMessageContaining("e.g. migrate");
    }

    /**
     * Maintenance switched on at 2000 ms (answered at 2050 ms) and off at 6000 ms; the write path answers the maintenance
     * page inside, except a request at 2010 ms, served while the switch was on its way, and, when {@code servedAt} is
     * positive, one served then.
     */
    private static Timeline maintenance(long servedAt) {
        Timeline t = new Timeline(new ManualClock());
        t.mark(Marker.STEADY_PROVEN, "steady", at(0));
        t.note("step-started", "maintenance-mode(ledger, maintenance)", at(1_990));
        t.note(ReleaseChange.NOTE, new ReleaseChange("ledger mode", "off", "maintenance", "maintenance-mode(ledger, maintenance)").detail(), at(2_000));
        t.note("step-finished", "maintenance-mode(ledger, maintenance)", at(2_050));
        t.note(ReleaseChange.NOTE, new ReleaseChange("ledger mode", "maintenance", "off", "maintenance-mode(ledger, off)").detail(), at(6_000));
        for (long ms = 0; ms < 8_000; ms += 100) {
            long when = ms == 2_000 ? 2_010 : ms;
            boolean page = when > 2_010 && when < 6_000 && when != servedAt;
            t.record(new Observation("write", at(when), Duration.ofMillis(10), !page, page ? "HTTP 503 <h1>Down for maintenance</h1>" : null));
        }
        return t;
    }

    @Test
    void theMaintenancePageThroughoutTheWindowMeetsItAndOneRequestServedInsideMissesIt() {
        ObjectiveResult page = judge(MaintenanceSlos.maintenancePageOnly("write", "maintenance", Duration.ofSeconds(1)), maintenance(-1));
        ObjectiveResult served = judge(MaintenanceSlos.maintenancePageOnly("write", "maintenance", Duration.ofSeconds(1)), maintenance(4_000));
        ObjectiveResult readOnlyRule = judge(MaintenanceSlos.failsOnlyInReadOnly("write", "maintenance", Duration.ofSeconds(1)), maintenance(4_000));

        assertThat(page.name()).isEqualTo("maintenance-page(write)");
        assertThat(page.passed()).as(page.message()).isTrue();
        assertThat(page.message()).contains("1 maintenance stretch(es): 39 failed answer(s) there");
        assertThat(served.passed()).isFalse();
        assertThat(served.message()).contains("missed: served in maintenance at 2026-01-01T00:00:04Z");
        assertThat(readOnlyRule.passed()).as("read-only serves reads: a success inside is no fault there").isTrue();
    }

    @Test
    void aFailureNamingTheForbiddenCauseMissesNoFailureNamingWhateverItsLength() {
        Timeline t = new Timeline(new ManualClock());
        t.mark(Marker.STEADY_PROVEN, "steady", at(0));
        t.record(new Observation("write", at(100), Duration.ofMillis(10), false, "ConnectException: Connection refused"));
        t.record(new Observation("write", at(200), Duration.ofMillis(10), true, null));
        ObjectiveResult gapOnly = judge(Slos.noFailureNaming("write", "does not match the database schema"), t);
        t.record(new Observation("write", at(300), Duration.ofMillis(10), false,
                "HTTP 500 {\"error\": \"release 1.0.1 does not match the database schema: column \\\"currency\\\" does not exist\"}"));
        ObjectiveResult mismatch = judge(Slos.noFailureNaming("write", "does not match the database schema"), t);

        assertThat(gapOnly.passed()).as(gapOnly.message()).isTrue();
        assertThat(gapOnly.message()).isEqualTo("Path 'write': 0 of 1 failed answers (of 2) named 'does not match the database schema', target 0: met");
        assertThat(mismatch.passed()).isFalse();
        assertThat(mismatch.name()).isEqualTo("no-failure-naming(write)");
        assertThat(mismatch.message()).contains("1 of 2 failed answers (of 3)").contains("missed: [2026-01-01T00:00:00.300Z: HTTP 500");
    }
}
