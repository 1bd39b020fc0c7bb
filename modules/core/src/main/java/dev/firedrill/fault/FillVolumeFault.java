package dev.firedrill.fault;

import dev.firedrill.access.Volumes;

import dev.firedrill.Capability;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.SqlSessions;
import java.util.Optional;
import java.util.Set;

import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service's size-limited persistent volume fills up: ballast is written until the filesystem
 * refuses. Any service's: a database's data (D06) or an application's own volume (the disk-fill of runbook
 * 000 §Disk Usage). Takes effect when the volume's free space is under {@link #FULL} and a write in the
 * container, as the service's own user, fails with "No space left on device". Undo deletes the ballast and
 * starts the service again if it stopped meanwhile.
 *
 * <p>Example: {@code Faults.fillVolume("postgres")}
 */
record FillVolumeFault(String service) implements Fault {

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(15);
    /** Free space under this is a full volume: a few blocks come back after writeback, a 64 KiB write still fails. */
    static final long FULL = 1L << 20;

    FillVolumeFault {
        Faults.requireService(service, "fillVolume");
    }

    @Override
    public String name() {
        return "fillVolume(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceFiles.class, ServiceProcesses.class, ServiceCommands.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        Volumes.sizeLimited(system, name(), service);
        system.require(ServiceProcesses.class, name());
        system.require(ServiceCommands.class, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    /** The fault acts when the volume is full (after its first fill, which takes a moment), not when the filling begins. */
    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        ServiceProcesses processes = system.require(ServiceProcesses.class, name());
        ServiceFiles.LimitedVolume mount = Volumes.sizeLimited(system, name(), service);
        Path root = mount.hostDirectory();
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                Volumes.free(root, name(), service);
                if (!processes.isRunning(service)) {
                    processes.start(service);
                }
            }
        };
        try {
            AtomicLong written = new AtomicLong();
            AtomicReference<String> refusal = new AtomicReference<>();
            written.addAndGet(Volumes.fill(root, name(), service));
            events.acting();   // the volume is full from here on
            events.accept(undo);
            try {
                // A full ext4 finds a few blocks again after writeback: top up until a write in the container fails.
                await(name() + ": writes fail with No space left on device").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(200))
                        .pollInSameThread().until(() -> {
                            Faults.requireNotUndone(undone, name());
                            refusal.set(writeRefusal(system, mount, root));
                            if (refusal.get() == null || free(root) >= FULL) {
                                written.addAndGet(Volumes.fill(root, name(), service));
                                return false;
                            }
                            return true;
                        });
            } catch (ConditionTimeoutException e) {
                throw new FaultNotEffectiveException(name() + ": " + (refusal.get() == null ? "a write into " + mount.mountPath() + " of '"
                        + service + "' still succeeded" : "the volume of '" + service + "' still had " + free(root) + " bytes free") + " "
                        + EFFECT_BOUND + " after filling it (" + written.get() + " bytes of ballast)");
            }
            Optional<SqlSessions> sql = system.capability(SqlSessions.class).filter(s -> s.databases().contains(service));
            if (sql.isPresent() && processes.isRunning(service)) {
                needMoreSpace(sql.get());
            }
            return undo;
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    /**
     * PostgreSQL writes into space it holds already (the current WAL segment, free room in heap pages), so a full
     * volume bites only when it needs more, which a busy server does within seconds; a new WAL segment makes it
     * need more at once. The server may refuse or crash here: that is the fault.
     */
    private void needMoreSpace(SqlSessions sql) {
        try (java.sql.Connection session = sql.connect(service, "firedrill-fill-volume");
             java.sql.Statement st = session.createStatement()) {
            st.execute("SELECT pg_switch_wal()");
            st.execute("CHECKPOINT");
        } catch (java.sql.SQLException expected) {
            // "No space left on device", or the server went down: the volume is full
        }
    }

    /** The volume's free space, in bytes, as an unprivileged user of it sees it. */
    private long free(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(name() + ": could not read the free space of the volume of '" + service + "': " + e.getMessage(), e);
        }
    }

    /** The error of a small write into the volume (in the container when it runs), or null when it succeeded. */
    private String writeRefusal(SystemUnderTest system, ServiceFiles.LimitedVolume mount, Path root) {
        String probe = ".firedrill-probe";
        if (system.require(ServiceProcesses.class, name()).isRunning(service)) {
            ServiceCommands.CommandResult r = system.require(ServiceCommands.class, name()).exec(service, "sh", "-c",
                    "head -c 65536 /dev/zero > " + mount.mountPath() + "/" + probe
                    + "; rc=$?; rm -f " + mount.mountPath() + "/" + probe + "; exit $rc");
            String output = r.stderr() + r.stdout();
            if (r.exitCode() != 0 && output.contains("No space left on device")) {
                return output.trim();
            }
            return null;
        }
        try {
            Files.write(root.resolve(probe), new byte[65536]);
            Files.deleteIfExists(root.resolve(probe));
            return null;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(root.resolve(probe));
            } catch (IOException ignored) {
                // nothing written
            }
            return String.valueOf(e.getMessage()).contains("No space left") ? e.getMessage() : null;
        }
    }
}
