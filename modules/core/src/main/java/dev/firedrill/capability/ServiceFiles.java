package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * Files of a system's services and volumes of the harness's own: copied in and out, kept across a service's
 * replacement (backups, WAL archives, snapshots, certificates), and size-limited volumes that can fill up.
 */
public interface ServiceFiles extends Capability {

    /** The volume mounted into {@code service} at {@code path}. */
    String volumeOf(String service, String path);

    /** A volume of the harness's own named {@code name} (created on first use, removed with the system). */
    String harnessVolume(String name);

    /** The file at {@code path} inside the service. */
    byte[] copyFrom(String service, String path);

    /** Writes {@code content} to {@code path} inside the service. */
    void copyTo(String service, String path, byte[] content);

    /** Writes {@code file} into the harness volume {@code name}, using the image of {@code imageOf}. */
    void writeHarnessFile(String name, String file, byte[] content, String imageOf);

    /** The files of the harness volume {@code name} whose names {@code accept}, by name. */
    SortedMap<String, byte[]> readHarnessFiles(String name, Predicate<String> accept, String imageOf);

    /** The size-limited volume mounted into {@code service}, when it has one (what fill-volume fills). */
    Optional<LimitedVolume> sizeLimitedVolume(String service);

    /** The services that have a size-limited volume. */
    List<String> servicesWithSizeLimitedVolume();

    /**
     * A size-limited volume: its name, where the service mounts it, its size, and the directory where the harness
     * reaches its files (a fill writes its ballast there).
     */
    record LimitedVolume(String name, String mountPath, long sizeBytes, java.nio.file.Path hostDirectory) {
    }
}
