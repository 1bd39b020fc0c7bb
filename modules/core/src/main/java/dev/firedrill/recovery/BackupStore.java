package dev.firedrill.recovery;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.SystemUnderTest;

import dev.firedrill.capability.OneOff;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where logical backups live: the stack's harness volume {@code backups}, mounted at {@code /backups}
 * in one-off containers; one file per backup ({@link Format}) and beside it {@code .rows}: the row count of each
 * table in the backup's snapshot.
 */
final class BackupStore {

    /** The file a logical backup writes. */
    enum Format {
        /** pg_dump's custom format, {@code <service>-<UTC time to the ms>.dump}: restored with pg_restore. */
        CUSTOM {
            @Override
            String fileName(String service, java.time.Instant at) {
                return service + "-" + MS.format(at) + ".dump";
            }
        },
        /** Plain SQL through gzip as runbook 004 writes it, {@code <service>_full_<YYYYmmdd_HHMMSS>.sql.gz}: restored with gunzip | psql. */
        SQL_GZIP {
            @Override
            String fileName(String service, java.time.Instant at) {
                return service + "_full_" + SECONDS.format(at) + ".sql.gz";
            }
        };

        private static final java.time.format.DateTimeFormatter MS =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        private static final java.time.format.DateTimeFormatter SECONDS =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(java.time.ZoneOffset.UTC);

        abstract String fileName(String service, java.time.Instant at);

        /** The format of a backup file, by its name; null for a file that is no backup of {@code service}. */
        static Format of(String service, String file) {
            if (file.startsWith(service + "-") && file.endsWith(".dump")) {
                return CUSTOM;
            }
            return file.startsWith(service + "_full_") && file.endsWith(".sql.gz") ? SQL_GZIP : null;
        }
    }

    static final String VOLUME = "backups";

    /**
     * Fills the data directory {@code $PGDATA} from the backup {@code $BACKUP}: initialise a cluster like the image does,
     * restore (pg_restore of a custom-format dump, {@code gunzip | psql} of a {@code .sql.gz}), print {@code ROWS table
     * count} of each table the backup's row counts name, stop. Runs as the postgres user with the backups volume mounted.
 * With {@code SCRATCH} set (a server thrown away after, as a verification's) nothing is synced to disk.
     */
    static final String FILL = String.join("\n",
            "set -euo pipefail",
            "pw=$(mktemp); printf '%s' \"$POSTGRES_PASSWORD\" > \"$pw\"",
            "initdb --username=\"$POSTGRES_USER\" --pwfile=\"$pw\" --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust"
                    + " --auth-host=scram-sha-256 ${SCRATCH:+--no-sync} -D \"$PGDATA\" >/dev/null",
            "rm -f \"$pw\"",
            "echo \"listen_addresses = '*'\" >> \"$PGDATA/postgresql.conf\"",
            "printf 'host all all all scram-sha-256\\nhost replication all all scram-sha-256\\n' >> \"$PGDATA/pg_hba.conf\"",
            "pg_ctl -D \"$PGDATA\" -o \"-c listen_addresses='' ${SCRATCH:+-c fsync=off -c synchronous_commit=off}\" -w start >/dev/null",
            "trap 'pg_ctl -D \"$PGDATA\" -m fast -w stop >/dev/null' EXIT",
            "unset PGHOST",
            "if [ \"$POSTGRES_DB\" != postgres ]; then psql -v ON_ERROR_STOP=1 -d postgres -q -c \"CREATE DATABASE \\\"$POSTGRES_DB\\\"\"; fi",
            "case \"$BACKUP\" in",
            "  *.sql.gz) gunzip < \"/backups/$BACKUP\" | psql -v ON_ERROR_STOP=1 -q -o /dev/null -d \"$POSTGRES_DB\" ;;",
            "  *) pg_restore --exit-on-error -d \"$POSTGRES_DB\" \"/backups/$BACKUP\" ;;",
            "esac",
            "while read -r table expected; do",
            "  echo \"ROWS $table $(psql -v ON_ERROR_STOP=1 -At -c \"SELECT count(*) FROM $table\")\"",
            "done < \"/backups/$BACKUP.rows\"");

    /** The check of a backup file's format that reads it through: {@code gzip -t} of a {@code .sql.gz}, else {@code pg_restore --list}. */
    static String check(String service, String file) {
        return Format.of(service, file) == Format.SQL_GZIP ? "gzip -t" : "pg_restore --list";
    }

    /** The {@code ROWS table count} lines of {@link #FILL}'s output, as counts by table. */
    static Map<String, Long> restoredRows(String output) {
        return parseRows(output.lines().filter(l -> l.startsWith("ROWS ")).map(l -> l.substring(5)).reduce("", (a, b) -> a + b + "\n"));
    }
    static final String PATH = "/backups";

    private BackupStore() {
    }

    /**
     * The backups volume, writable by the {@code postgres} user (a fresh volume mounted at a path the
     * image lacks belongs to root): handed over once per volume, by a one-off as root.
     */
    static String writableVolume(SystemUnderTest system, String service) {
        String volume = files(system).harnessVolume(VOLUME);
        OneOff.Result owned = oneOffs(system).run(OneOff.of(service, "chown", "postgres:postgres", PATH)
                .asUser("root").withVolume(volume, PATH));
        if (!owned.succeeded()) {
            throw new IllegalStateException("could not hand " + PATH + " to the postgres user: exit " + owned.exitCode() + ": "
                    + owned.output().strip());
        }
        return volume;
    }

    /** The service's backup files of either format, oldest first (by modification time, as the runbooks' {@code ls -t} finds the latest). */
    static List<String> list(SystemUnderTest system, String service) {
        OneOff.Result listing = oneOffs(system).run(OneOff.of(service, "ls", "-1tr", PATH)
                .withVolume(files(system).harnessVolume(VOLUME), PATH));
        if (!listing.succeeded()) {
            throw new IllegalStateException("listing " + PATH + " exited " + listing.exitCode() + ": " + listing.output().strip());
        }
        return Arrays.stream(listing.output().split("\n")).map(String::strip)
                .filter(name -> Format.of(service, name) != null)
                .toList();
    }

    /** Parses {@code table count} lines. */
    static Map<String, Long> parseRows(String text) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                rows.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return rows;
    }

    static String formatRows(Map<String, Long> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach((table, count) -> text.append(table).append(' ').append(count).append('\n'));
        return text.toString();
    }
}
