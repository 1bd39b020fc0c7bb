package dev.firedrill.measure;

import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.firedrill.measure.History.at;
import static org.assertj.core.api.Assertions.assertThat;

/** system-consistent: the audit of the three parts against the restored set's point, and its judgement. */
class SystemConsistentTest {

    private static final Instant POINT = Instant.parse("2026-12-08T01:15:00Z");
    private static final Instant RESTORED = Instant.parse("2026-12-08T01:16:00Z");
    private static final SystemRestoreRecord RESTORE = new SystemRestoreRecord("system-20261208T011500.000Z.set", POINT, RESTORED,
            List.of("database", "cache", "files"));

    private static SystemConsistencyAudit.Held held(String id, long seq, String created) {
        return new SystemConsistencyAudit.Held(id, seq, seq * 10, Instant.parse(created));
    }

    private static Map<String, SystemConsistencyAudit.Held> of(SystemConsistencyAudit.Held... entries) {
        Map<String, SystemConsistencyAudit.Held> map = new LinkedHashMap<>();
        for (SystemConsistencyAudit.Held e : entries) {
            map.put(e.id(), e);
        }
        return map;
    }

    @Test
    void partsThatAgreeAtThePointAreConsistentAndEntriesAfterTheRestoreDoNotCount() {
        var before = held("w-1", 1, "2026-12-08T01:14:59Z");
        var afterRestore = held("w-9", 9, "2026-12-08T01:16:05Z");   // written by the restored service
        SystemAudit audit = SystemConsistencyAudit.judge(RESTORE, of(before, afterRestore), of(before, afterRestore), of(before, afterRestore),
                List.of());
        assertThat(audit.consistent()).isTrue();
        assertThat(audit.text()).isEqualTo("cached 2 (not in the database 0, differing 0); receipts 2 (not in the database 0);"
                + " newer than the point: database 0, cache 0, files 0");
        assertThat(SystemAudit.parse(audit.text())).contains(audit);
    }

    @Test
    void aSurvivingCacheNewerThanThePointIsFoundInEachWayItDisagrees() {
        var before = held("w-1", 1, "2026-12-08T01:14:59Z");
        var lost = held("w-2", 2, "2026-12-08T01:15:05Z");           // cached after the point, gone from the restored database
        var reused = held("w-3", 2, "2026-12-08T01:14:58Z");          // in the database under another seq
        SystemAudit audit = SystemConsistencyAudit.judge(RESTORE, of(before, lost, reused), of(before), of(before, held("w-3", 3, "2026-12-08T01:14:58Z")),
                List.of());
        assertThat(audit.cachedMissing()).isEqualTo(1);
        assertThat(audit.cachedDiffering()).isEqualTo(1);
        assertThat(audit.newerCache()).isEqualTo(1);
        assertThat(audit.inconsistencies()).isEqualTo(3);
        assertThat(audit.examples()).contains("w-2 cached, not in the database").contains("w-3 cached as seq 2, seq 3 in the database");
        assertThat(SystemAudit.parse(audit.text())).contains(audit);

        SystemAudit files = SystemConsistencyAudit.judge(RESTORE, of(before), of(before, lost), of(before), List.of("w-7"));
        assertThat(List.of(files.receiptsMissing(), files.newerFiles(), files.newerDatabase())).containsExactly(1L, 1L, 1L);
    }

    private static ObjectiveResult judge(String auditNote) {
        Timeline t = new Timeline(new ManualClock());
        t.mark(Marker.STEADY_PROVEN, "steady", at(0));
        if (auditNote != null) {
            t.note(SystemConsistencyAudit.NOTE, auditNote, at(1000));
        }
        return Slos.systemConsistent().judge(Measurements.compute(t, null));
    }

    @Test
    void theObjectiveIsMetOnlyByAConsistentAuditThatCheckedSomething() {
        ObjectiveResult met = judge(new SystemAudit(5, 0, 0, 4, 0, 0, 0, 0, "").text());
        assertThat(met.passed()).as(met.message()).isTrue();
        assertThat(met.measured()).isEqualTo("0");

        ObjectiveResult missed = judge(new SystemAudit(5, 2, 0, 4, 0, 0, 2, 0, "w-2 cached, not in the database").text());
        assertThat(missed.passed()).isFalse();
        assertThat(missed.measured()).isEqualTo("4");
        assertThat(missed.message()).contains("Redis not restored to the set's point").contains("w-2 cached, not in the database");

        ObjectiveResult empty = judge(new SystemAudit(0, 0, 0, 0, 0, 0, 0, 0, "").text());
        assertThat(empty.passed()).isFalse();
        assertThat(empty.message()).contains("neither the cache nor the files held an entry");

        ObjectiveResult unread = judge("unreadable: no whole-system restore was noted (system-restore)");
        assertThat(unread.passed()).isFalse();
        assertThat(unread.message()).contains("no whole-system restore was noted");
        assertThat(judge(null).message()).contains("the system audit did not run");
    }

    @Test
    void theRestoreRecordReadsBack() {
        assertThat(SystemRestoreRecord.parse(RESTORE.text())).contains(RESTORE);
        assertThat(SystemRestoreRecord.parse("set x; point yesterday; restored-at now; parts database")).isEmpty();
    }
}
