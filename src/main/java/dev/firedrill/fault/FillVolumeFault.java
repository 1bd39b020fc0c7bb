package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.VolumeMount;
import org.testcontainers.containers.Container.ExecResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service's size-limited persistent volume fills up: ballast is written until the filesystem
 * refuses. Takes effect when a write in the container fails with "No space left on device". Undo
 * deletes the ballast and starts the service again if it stopped meanwhile.
 *
 * <p>Example: {@code Faults.fillVolume("postgres")}
 */
record FillVolumeFault(String service) implements Fault {

    FillVolumeFault {
        Faults.requireService(service, "fillVolume");
    }

    @Override
    public String name() {
        return "fillVolume(" + service + ")";
    }

    @Override
    public Injection inject(SystemUnderTest system) {
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
            long written = Volumes.fill(root, name(), service);
            String refusal = writeRefusal(stack, mount, root);
            if (refusal == null) {
                throw new FaultNotEffectiveException(name() + ": a write into " + mount.target() + " of '" + service
                        + "' still succeeded after " + written + " bytes of ballast");
            }
            return undo;
        } catch (RuntimeException e) {
            undo.close();
            throw e;
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
