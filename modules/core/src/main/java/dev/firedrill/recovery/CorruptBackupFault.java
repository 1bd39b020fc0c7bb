package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.firedrill.recovery.SystemParts.files;
import static dev.firedrill.recovery.SystemParts.oneOffs;

/**
 * The newest backup of a service truncated to half its size, as a disk that filled up during the upload, or a copy cut
 * short, leaves it: the file is still there, with its name and time, and only a check that reads it through (a
 * restore, {@code gzip -t}, {@code pg_restore --list}) finds it would not restore. Its original is first copied aside
 * in the backups volume ({@code .firedrill-original-<file>}); the fault takes effect when the check of its format fails
 * on the truncated file. Undo puts the original back (with its time), unless the file is gone meanwhile (the retention
 * deleted it), in which case the copy is deleted. Should the JVM die, the journal says where the original is.
 *
 * <p>In a drill file: {@code - {kind: corrupt-backup, target: postgres}}.
 *
 * @param service the service whose newest backup is corrupted
 */
public record CorruptBackupFault(String service) implements Fault {

    static final String ORIGINAL_PREFIX = ".firedrill-original-";

    public CorruptBackupFault {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("corrupt-backup names the service whose newest backup it corrupts (target), e.g. postgres");
        }
    }

    /** The kind {@code corrupt-backup}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("corrupt-backup", "the newest backup of the target truncated to half its size (name and time"
                            + " kept); only a check that reads it through finds it would not restore").target()
                    .requires(OneOffs.class, ServiceFiles.class)
                    .build(a -> new CorruptBackupFault(a.target())));
        }
    }

    @Override
    public String name() {
        return "corrupt newest backup(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class, ServiceFiles.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        List<String> backups = BackupStore.list(system, service);
        if (backups.isEmpty()) {
            throw new FaultNotEffectiveException(name() + ": " + service + " has no backup in " + BackupStore.PATH + " to corrupt;"
                    + " take one first (logical-backup, backup-schedule)");
        }
        String file = backups.get(backups.size() - 1);
        String original = ORIGINAL_PREFIX + file;
        events.willLeave(Leftover.withStack("backup " + file + " truncated; its original is " + BackupStore.PATH + "/" + original
                + " in the backups volume: move it back"));
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                run(system, "put the original back", "if [ -e \"$FILE\" ]; then mv -f \"$ORIGINAL\" \"$FILE\"; else rm -f \"$ORIGINAL\"; fi",
                        file, original);
            }
        };
        events.acting();
        events.accept(undo);
        String truncated = run(system, "truncate", "cp -p \"$FILE\" \"$ORIGINAL\"; size=$(stat -c %s \"$FILE\");"
                + " truncate -s $((size / 2)) \"$FILE\"; touch -r \"$ORIGINAL\" \"$FILE\"; echo \"$size -> $(stat -c %s \"$FILE\") bytes\"",
                file, original);
        OneOff.Result check = oneOffs(system).run(check(service, file).withVolume(files(system).harnessVolume(BackupStore.VOLUME),
                BackupStore.PATH));
        if (check.succeeded()) {
            throw new FaultNotEffectiveException(name() + ": " + file + " was truncated (" + truncated.strip() + ") and still passed its check");
        }
        return undo;
    }

    private static OneOff check(String service, String file) {
        return OneOff.of(service, "bash", "-c", BackupStore.check(service, file) + " \"/backups/$FILE\" >/dev/null").asUser("postgres")
                .withEnv(Map.of("FILE", file));
    }

    private String run(SystemUnderTest system, String step, String script, String file, String original) {
        OneOff.Result result = oneOffs(system).run(OneOff.of(service, "bash", "-c", "set -euo pipefail; cd " + BackupStore.PATH + "; " + script)
                .asUser("postgres").withEnv(Map.of("FILE", file, "ORIGINAL", original))
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH));
        if (!result.succeeded()) {
            throw new IllegalStateException(name() + ": step '" + step + "' of " + file + " exited " + result.exitCode() + ": "
                    + result.output().strip());
        }
        return result.output();
    }
}
