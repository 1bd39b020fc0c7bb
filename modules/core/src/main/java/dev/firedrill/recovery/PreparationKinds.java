package dev.firedrill.recovery;

import dev.firedrill.capability.Network;
import com.google.auto.service.AutoService;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.preparation;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.required;

/**
 * The preparations a drill file names under {@code preparations: - kind:} (backups, replicas, snapshots, recovery
 * targets), each built through {@link Backups} as a Java drill builds it; every one takes {@code target}.
 */
@AutoService(KindProvider.class)
public final class PreparationKinds implements KindProvider {

    /** Firedrill's first table of its kinds: listed before the kinds added later in classes of their own. */
    @Override
    public int order() {
        return FIRST;
    }

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                preparation("logical-backup", "a logical backup (pg_dump) that marks recovery-point").target()
                        .requires(Network.class, OneOffs.class, ServiceFiles.class)
                        .build(a -> Backups.logical(a.target())),
                preparation("logical-backup-not-recorded", "a logical backup that does not mark recovery-point").target()
                        .requires(Network.class, OneOffs.class, ServiceFiles.class)
                        .build(a -> Backups.logicalNotRecorded(a.target())),
                preparation("streaming-replica", "start the target as a streaming replica of the primary").target()
                        .param(required("primary", TEXT, "the primary service"))
                        .requires(FaultProxy.class, OneOffs.class, ServiceCommands.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Backups.streamingReplica(a.target(), a.text("primary"))),
                preparation("synchronous-replica", "as streaming-replica, synchronous: a commit is acknowledged once the replica has flushed it")
                        .target()
                        .param(required("primary", TEXT, "the primary service"))
                        .requires(FaultProxy.class, OneOffs.class, ServiceCommands.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Backups.synchronousReplica(a.target(), a.text("primary"))),
                preparation("base-backup", "a base backup (pg_basebackup) of a server that archives its WAL, for restore-to-recovery-point; "
                        + "checks the archiving works first").target()
                        .requires(Network.class, OneOffs.class, ServiceFiles.class)
                        .build(a -> Backups.base(a.target())),
                preparation("recovery-target", "marks recovery-point, the target time of a later restore-to-recovery-point: "
                        + "put it just before the bad change").target()
                        .build(a -> Backups.recoveryTarget(a.target())),
                preparation("redis-snapshot", "a Redis snapshot (BGSAVE, the RDB copied out) that marks recovery-point, for restore-latest-snapshot")
                        .target()
                        .requires(ServiceFiles.class)
                        .build(a -> Backups.redisSnapshot(a.target())),
                preparation("redis-snapshot-not-recorded", "a Redis snapshot that does not mark recovery-point").target()
                        .requires(ServiceFiles.class)
                        .build(a -> Backups.redisSnapshotNotRecorded(a.target())));
    }
}
