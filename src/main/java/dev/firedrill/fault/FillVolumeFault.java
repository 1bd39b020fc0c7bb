package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.VolumeMount;
import org.testcontainers.containers.Container.ExecResult;

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
 * refuses. Takes effect when a write in the container fails with "No space left on device". Undo
 * deletes the ballast and starts the service again if it stopped meanwhile.
 *
 * <p>Example: {@code Faults.fillVolume("postgres")}
 */
record FillVolumeFault(String service) implements Fault {

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(15);

    FillVolumeFault {
        Faults.requireService(service, "fillVolume");
    }

    @Override
    public String name() {
        return "fillVolume(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Volumes.sizeLimited(Targets.stack(system, name(), service), name(), service);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    /** The fault acts when the volume is full (after its first fill, which takes a moment), not when the filling begins. */
    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        Stack stack = Targets.stack(system, name(), service);
        VolumeMount mount = Volumes.sizeLimited(stack, name(), service);
        Path root = Volumes.hostPath(stack, name(), service);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                Volumes.free(root, name(), service);
                if (!stack.isRunning(service)) {
                    stack.start(service);
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
                            refusal.set(writeRefusal(stack, mount, root));
                            if (refusal.get() == null) {
                                written.addAndGet(Volumes.fill(root, name(), service));
                            }
                            return refusal.get() != null;
                        });
            } catch (ConditionTimeoutException e) {
                throw new FaultNotEffectiveException(name() + ": a write into " + mount.target() + " of '" + service
                        + "' still succeeded " + EFFECT_BOUND + " after filling it (" + written.get() + " bytes of ballast)");
            }
            if (Targets.is(stack.definition(), stack.definition().service(service), Targets.Kind.POSTGRES) && stack.isRunning(service)) {
                needMoreSpace(stack);
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
    private void needMoreSpace(Stack stack) {
        try (java.sql.Connection session = Postgres.connect(stack, service, "firedrill-fill-volume");
             java.sql.Statement st = session.createStatement()) {
            st.execute("SELECT pg_switch_wal()");
            st.execute("CHECKPOINT");
        } catch (java.sql.SQLException expected) {
            // "No space left on device", or the server went down: the volume is full
        }
    }

    /** The error of a small write into the volume (in the container when it runs), or null when it succeeded. */
    private String writeRefusal(Stack stack, VolumeMount mount, Path root) {
        String probe = ".firedrill-probe";
        if (stack.isRunning(service)) {
            ExecResult r = stack.exec(service, "sh", "-c", "head -c 65536 /dev/zero > " + mount.target() + "/" + probe
                    + "; rc=$?; rm -f " + mount.target() + "/" + probe + "; exit $rc");
            String output = r.getStderr() + r.getStdout();
            if (r.getExitCode() != 0 && output.contains("No space left on device")) {
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
