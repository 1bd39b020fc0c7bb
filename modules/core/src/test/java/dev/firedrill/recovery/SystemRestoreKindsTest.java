package dev.firedrill.recovery;

import dev.firedrill.Drill;
import dev.firedrill.measure.Slos;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** system-backup, restore-system and system-consistent as a drill file names them, their defaults and their refusals. */
class SystemRestoreKindsTest {

    private static String file(String preparation, String recovery, String objective) {
        return "id: W1\ntitle: Whole system\nsteady-state:\n  probes: [{probe: write}]\npreparations:\n  - " + preparation
                + "\nfaults:\n  - {kind: destroy, target: postgres}\nrecovery:\n  - " + recovery + "\nobjectives:\n  - " + objective + "\n";
    }

    private static Drill drill(String preparation, String recovery, String objective) {
        return DrillFiles.parse(Path.of("drills/w.yml"), file(preparation, recovery, objective)).drill();
    }

    private static String rejected(String preparation, String recovery, String objective) {
        try {
            DrillFiles.parse(Path.of("drills/w.yml"), file(preparation, recovery, objective));
        } catch (DrillFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the file to be rejected");
    }

    @Test
    void theDefaultsAreTheReferenceStack() {
        Drill d = drill("{kind: system-backup, target: ledger}", "{procedure: restore-system, target: ledger}", "{objective: system-consistent}");
        assertThat(d.preparations()).containsExactly(Backups.system("ledger"));
        assertThat(d.preparations().get(0)).isEqualTo(new SystemBackup("ledger", "postgres", "redis", "/var/lib/ledger", Duration.ofSeconds(2)));
        assertThat(d.recoveries()).containsExactly(Recoveries.restoreSystem("ledger"));
        assertThat(d.recoveries().get(0).name()).isEqualTo("restore system(ledger)");
        assertThat(d.objectives()).containsExactly(Slos.systemConsistent());
        assertThat(d.objectives().get(0).name()).isEqualTo("system-consistent");
    }

    @Test
    void everyFieldIsRead() {
        Drill d = drill("{kind: system-backup, target: app, postgres: db, redis: cache, files: /srv/app, drain: 500ms}",
                "{procedure: restore-system, target: app, postgres: db, redis: cache, generations-back: 1, parts: [database, files]}",
                "{objective: system-consistent, service: app, postgres: db, redis: cache, receipts: /srv/app/receipts}");
        assertThat(d.preparations()).containsExactly(new SystemBackup("app", "db", "cache", "/srv/app", Duration.ofMillis(500)));
        assertThat(d.recoveries()).containsExactly(new RestoreSystem("app", "db", "cache", 1, List.of("database", "files")));
        assertThat(d.recoveries().get(0).name()).isEqualTo("restore system set 1 before the latest(app, only database and files)");
        assertThat(d.objectives()).containsExactly(Slos.systemConsistent("app", "db", "cache", "/srv/app/receipts"));
    }

    @Test
    void badValuesAreRefusedNamingWhatIsValid() {
        String ok = "{procedure: restore-system, target: ledger}";
        String consistent = "{objective: system-consistent}";
        assertThat(rejected("{kind: system-backup, target: ledger, files: var/lib/ledger}", ok, consistent))
                .contains("'files' is the absolute path").contains("var/lib/ledger");
        assertThat(rejected("{kind: system-backup, target: ledger, drain: 2m}", ok, consistent)).contains("'drain' is from 0s to 60s");
        assertThat(rejected("{kind: system-backup, target: ledger}", "{procedure: restore-system, target: ledger, parts: [database, redis]}",
                consistent)).contains("'parts' lists each of [database, cache, files]").contains("unknown: [redis]");
        assertThat(rejected("{kind: system-backup, target: ledger}", "{procedure: restore-system, target: ledger, parts: []}", consistent))
                .contains("at least one");
        assertThat(rejected("{kind: system-backup, target: ledger}", "{procedure: restore-system, target: ledger, generations-back: -1}",
                consistent)).contains("'generations-back' is 0 (the newest set) or more");
        assertThat(rejected("{kind: system-backup, target: ledger}", ok, "{objective: system-consistent, receipts: receipts}"))
                .contains("'receipts' is the absolute path");
        assertThat(rejected("{kind: system-backup}", ok, consistent)).contains("target");
        assertThatThrownBy(() -> new RestoreSystem("ledger", "postgres", "redis", 0, List.of("cache", "cache")))
                .hasMessageContaining("at most once");
        assertThatThrownBy(() -> new SystemBackup("ledger", " ", "redis", "/var/lib/ledger", Duration.ZERO))
                .hasMessage("system-backup: 'postgres' names a service of the stack; got ' '");
    }

    @Test
    void aSetsManifestReadsBackAndSaysWhatItLacks() {
        SystemBackupSet set = new SystemBackupSet("ledger", Instant.parse("2026-12-08T01:15:00.456Z"), "postgres",
                "postgres-20261208T011500Z.dump", "redis", "redis-20261208T011501.000Z.rdb", "/var/lib/ledger",
                "ledger-files-20261208T011500.456Z.tar.gz");
        assertThat(SystemBackupSet.parse("m.set", set.text())).isEqualTo(set);
        assertThat(SystemBackupSet.fileName(set.point())).isEqualTo("system-20261208T011500.456Z.set");
        assertThatThrownBy(() -> SystemBackupSet.parse("m.set", "service=ledger\npoint=2026-12-08T01:15:00Z\n"))
                .hasMessageContaining("manifest m.set lacks [postgres, database, redis, cache, files-path, files]");
        assertThatThrownBy(() -> SystemBackupSet.parse("m.set", set.text().replace("2026-12-08T01:15:00.456Z", "yesterday")))
                .hasMessageContaining("point 'yesterday' is not an ISO-8601 instant");
    }

    @Test
    void theRestoreTargetNamesWhatWasRestored() {
        assertThat(Recoveries.restoreSystem("ledger").restoresInto()).get().extracting(t -> t.service()).isEqualTo("postgres");
        assertThat(new RestoreSystem("ledger", "postgres", "redis", 0, List.of("cache")).restoresInto()).isEmpty();
    }
}
