package dev.firedrill.stack;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.firedrill.capability.ServiceFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Files of a stack's containers and volumes: docker cp in and out of a service (running or stopped), and the
 * harness's own volumes read and written through a container that mounts them and is never started.
 */
final class ContainerFiles implements ServiceFiles {

    private static final Logger LOG = Logger.getLogger(ContainerFiles.class.getName());
    private static final String PARKED_MOUNT = "/harness-volume";

    private final StackContainers containers;

    ContainerFiles(StackContainers containers) {
        this.containers = containers;
    }

    /**
     * The Docker volume the service mounts at {@code path}; created (empty) when it does not exist yet, e.g. after a
     * destroy, so that a one-off container can fill it before the service starts.
     */
    @Override
    public String volumeOf(String service, String path) {
        for (VolumeMount mount : containers.definition.service(service).volumes()) {
            if (mount.target().equals(path) && !mount.hostPath()) {
                return containers.volumeSource(mount.source());
            }
        }
        throw new IllegalArgumentException("Service '" + service + "' mounts no named volume at '" + path + "'; its mounts: "
                + containers.definition.service(service).volumes().stream().map(VolumeMount::target).toList());
    }

    @Override
    public String harnessVolume(String name) {
        return containers.harnessVolume(name);
    }

    @Override
    public byte[] copyFrom(String service, String path) {
        String id = containers.container(service).getContainerId();
        try {
            return readFile(id, path);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(service, "copy " + path + " out of", e);
        }
    }

    /** docker cp into the service's container (running or stopped): {@code content} becomes the file {@code path}, mode 0644. */
    @Override
    public void copyTo(String service, String path, byte[] content) {
        String id = containers.container(service).getContainerId();
        try {
            writeFile(id, path, content);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(service, "copy " + content.length + " bytes to " + path + " in", e);
        }
    }

    @Override
    public void writeHarnessFile(String name, String file, byte[] content, String imageOf) {
        withParkedContainer(name, imageOf, "write " + file + " into harness volume '" + name + "' with", id -> {
            writeFile(id, PARKED_MOUNT + "/" + requirePlainName(file), content);
            return null;
        });
    }

    /** One docker cp of the volume out of a container that mounts it and is never started. */
    @Override
    public SortedMap<String, byte[]> readHarnessFiles(String name, Predicate<String> accept, String imageOf) {
        return withParkedContainer(name, imageOf, "read harness volume '" + name + "' with", id -> {
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (InputStream tar = containers.docker.copyArchiveFromContainerCmd(id, PARKED_MOUNT).exec();
                 TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
                for (var entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    String path = entry.getName();
                    String file = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
                    if (entry.isFile() && path.indexOf('/', path.indexOf('/') + 1) < 0 && accept.test(file)) {
                        files.put(file, entries.readAllBytes());
                    }
                }
            }
            return files;
        });
    }

    @Override
    public Optional<LimitedVolume> sizeLimitedVolume(String service) {
        StackDefinition definition = containers.definition;
        return definition.service(service).volumes().stream()
                .filter(m -> !m.hostPath())
                .flatMap(m -> Optional.ofNullable(definition.volumes().get(m.source())).flatMap(StackDefinition.VolumeDefinition::sizeLimitBytes)
                        .map(size -> new LimitedVolume(m.source(), m.target(), size, java.nio.file.Path.of(containers.volumeSource(m.source())))).stream())
                .findFirst();
    }

    @Override
    public List<String> servicesWithSizeLimitedVolume() {
        return containers.definition.services().keySet().stream().filter(s -> sizeLimitedVolume(s).isPresent()).toList();
    }

    private interface ContainerAction<T> {
        T apply(String containerId) throws IOException;
    }

    private <T> T withParkedContainer(String volumeName, String imageOf, String step, ContainerAction<T> action) {
        String volume = containers.harnessVolume(volumeName);
        String image = containers.container(imageOf).getDockerImageName();
        String id;
        try {
            id = containers.docker.createContainerCmd(image)
                    .withName(containers.containerName("parked", true))
                    .withLabels(containers.labels())
                    .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume(PARKED_MOUNT))))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(imageOf, step + " the image of", e);
        }
        try {
            return action.apply(id);
        } catch (IOException | RuntimeException e) {
            throw StackException.of(imageOf, step + " the image of", e);
        } finally {
            try {
                // With its anonymous volumes: created from a service's image, it has one for each VOLUME the image
                // declares (PostgreSQL's data directory, Redis' /data), which would outlive the run.
                containers.docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove parked container " + id + ": " + e.getMessage());
            }
        }
    }

    private static String requirePlainName(String file) {
        if (file == null || !file.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
            throw new IllegalArgumentException("a harness file name must match [A-Za-z0-9][A-Za-z0-9_.:-]*, got '" + file + "'");
        }
        return file;
    }

    private byte[] readFile(String containerId, String path) throws IOException {
        try (InputStream tar = containers.docker.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry = entries.getNextEntry();
            if (entry == null || !entry.isFile()) {
                throw new IOException(path + " is not a regular file");
            }
            return entries.readAllBytes();
        }
    }

    // The tar format is Testcontainers' own API type (Transferable.transferTo), hence commons-compress.
    private void writeFile(String containerId, String path, byte[] content) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("path must be absolute and name a file, got '" + path + "'");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(content.length + 2048);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer)) {
            TarArchiveEntry entry = new TarArchiveEntry(path.substring(slash + 1));
            entry.setSize(content.length);
            entry.setMode(0100644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        containers.docker.copyArchiveToContainerCmd(containerId).withRemotePath(slash == 0 ? "/" : path.substring(0, slash))
                .withTarInputStream(new ByteArrayInputStream(buffer.toByteArray())).exec();
    }
}
