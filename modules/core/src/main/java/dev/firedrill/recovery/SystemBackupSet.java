package dev.firedrill.recovery;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.SystemUnderTest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One whole-system backup set: the database dump, the Redis snapshot and the application files' tar taken at one point,
 * listed in a manifest {@code system-<UTC time>.set} in the backups volume beside them (lines {@code key=value}), so a
 * restore takes the three parts of one set and never the newest of each.
 *
 * @param service   the service whose files were archived (ledger)
 * @param point     the set's point on the database's clock: the service's writes were paused across it
 * @param postgres  the PostgreSQL service and its dump ({@code <postgres>-<time>.dump})
 * @param dump      the dump's file
 * @param redis     the Redis service
 * @param snapshot  its snapshot's file ({@code <redis>-<time>.rdb})
 * @param filesPath the archived directory inside the service
 * @param archive   the tar's file ({@code <service>-files-<time>.tar.gz})
 */
record SystemBackupSet(String service, Instant point, String postgres, String dump, String redis, String snapshot, String filesPath,
        String archive) {

    static final String PREFIX = "system-";
    static final String SUFFIX = ".set";
    static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The manifest's file name for a set taken at {@code at}. */
    static String fileName(Instant at) {
        return PREFIX + FILE_TIME.format(at) + SUFFIX;
    }

    /** The manifest's text. */
    String text() {
        StringBuilder text = new StringBuilder();
        fields().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", service);
        fields.put("point", point.toString());
        fields.put("postgres", postgres);
        fields.put("database", dump);
        fields.put("redis", redis);
        fields.put("cache", snapshot);
        fields.put("files-path", filesPath);
        fields.put("files", archive);
        return fields;
    }

    /** The set a manifest holds, or an error naming the manifest and what it lacks. */
    static SystemBackupSet parse(String manifest, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        List<String> keys = List.of("service", "point", "postgres", "database", "redis", "cache", "files-path", "files");
        List<String> missing = keys.stream().filter(k -> fields.getOrDefault(k, "").isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("manifest " + manifest + " lacks " + missing + "; a set's manifest names " + keys);
        }
        try {
            return new SystemBackupSet(fields.get("service"), Instant.parse(fields.get("point")), fields.get("postgres"), fields.get("database"),
                    fields.get("redis"), fields.get("cache"), fields.get("files-path"), fields.get("files"));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("manifest " + manifest + ": point '" + fields.get("point") + "' is not an ISO-8601 instant", e);
        }
    }

    /** Writes the manifest into the backups volume (with the image of {@code postgres}). */
    String save(SystemUnderTest system) {
        String name = fileName(point);
        files(system).writeHarnessFile(BackupStore.VOLUME, name, text().getBytes(StandardCharsets.UTF_8), postgres);
        return name;
    }

    /** The manifests in the backups volume, oldest first (names sort by time), read with the image of {@code imageOf}. */
    static SortedMap<String, byte[]> all(SystemUnderTest system, String imageOf) {
        return files(system).readHarnessFiles(BackupStore.VOLUME, name -> name.startsWith(PREFIX) && name.endsWith(SUFFIX), imageOf);
    }
}
