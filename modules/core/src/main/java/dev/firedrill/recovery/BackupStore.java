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
 * in one-off containers; one file {@code <service>-<UTC time>.dump} (pg_dump custom format) per backup
 * and beside it {@code .rows}: the row count of each table in the backup's snapshot.
 */
final class BackupStore {

    static final String VOLUME = "backups";
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

    /** The service's backup files, oldest first (names sort by time). */
    static List<String> list(SystemUnderTest system, String service) {
        OneOff.Result listing = oneOffs(system).run(OneOff.of(service, "ls", "-1", PATH)
                .withVolume(files(system).harnessVolume(VOLUME), PATH));
        if (!listing.succeeded()) {
            throw new IllegalStateException("listing " + PATH + " exited " + listing.exitCode() + ": " + listing.output().strip());
        }
        return Arrays.stream(listing.output().split("\n")).map(String::strip)
                .filter(name -> name.startsWith(service + "-") && name.endsWith(".dump"))
                .sorted().toList();
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
