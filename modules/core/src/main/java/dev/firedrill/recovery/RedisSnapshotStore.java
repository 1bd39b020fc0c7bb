package dev.firedrill.recovery;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.SystemUnderTest;


/**
 * Where Redis snapshots live once copied out of the server (the runbook's {@code $BACKUP_DIR}): the
 * stack's harness volume {@code backups}, beside the logical backups, one file
 * {@code <service>-<UTC time>.rdb} per snapshot. The volume outlives the Redis container (the disaster
 * removes that) and is removed with the stack.
 */
final class RedisSnapshotStore {

    private RedisSnapshotStore() {
    }

    static void save(SystemUnderTest system, String service, String file, byte[] rdb) {
        files(system).writeHarnessFile(BackupStore.VOLUME, file, rdb, service);
    }

    /** The service's snapshots by file name, oldest first (names sort by time), read in one copy out of the volume. */
    static java.util.SortedMap<String, byte[]> all(SystemUnderTest system, String service) {
        return files(system).readHarnessFiles(BackupStore.VOLUME, name -> name.startsWith(service + "-") && name.endsWith(".rdb"), service);
    }

    /** Whether {@code bytes} start like an RDB file ({@code REDIS} and a four-digit version). */
    static boolean looksLikeRdb(byte[] bytes) {
        return bytes.length >= 9 && new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS")
                && new String(bytes, 5, 4, java.nio.charset.StandardCharsets.US_ASCII).matches("\\d{4}");
    }
}
