package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The recovery procedures a drill file names under {@code recovery: - procedure:} (and {@code stack.setup}), each
 * built through {@link Recoveries} as a Java drill builds it. All but {@code revert-faults}, {@code wait-until} and {@code script} take
 * {@code target}.
 */
@AutoService(KindProvider.class)
public final class ProcedureKinds implements KindProvider {

    /** Firedrill's first table of its kinds: listed before the kinds added later in classes of their own. */
    @Override
    public int order() {
        return FIRST;
    }

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                procedure("restart", "start the service's container again and wait until ready").target()
                        .requires(ServiceProcesses.class)
                        .build(a -> Recoveries.restart(a.target())),
                procedure("health-checks", "consecutive healthy GET /health answers").target()
                        .param(optional("port", INTEGER, 8080, "port"), optional("count", INTEGER, 10, "consecutive answers"),
                                optional("interval", DURATION, Duration.ofSeconds(1), "between checks"))
                        .build(a -> Recoveries.healthChecks(a.target(), a.integer("port"), a.integer("count"), a.duration("interval"))),
                procedure("terminate-blockers", "terminate sessions pg_blocking_pids names").target()
                        .requires(SqlSessions.class)
                        .build(a -> Recoveries.terminateBlockers(a.target())),
                procedure("terminate-idle-sessions", "terminate idle sessions older than a bound").target()
                        .param(required("older-than", DURATION, "minimum idle age"), optional("sparing", TEXTS, List.of(), "application names spared"))
                        .requires(SqlSessions.class)
                        .build(a -> Recoveries.terminateIdleSessions(a.target(), a.duration("older-than"))
                                .sparing(a.texts("sparing").toArray(String[]::new))),
                procedure("free-volume", "free the filled volume; start the service if it stopped").target()
                        .requires(ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.freeVolume(a.target())),
                procedure("set-eviction-policy", "set Redis' eviction policy").target()
                        .param(required("policy", TEXT, "e.g. allkeys-lru"))
                        .build(a -> Recoveries.setEvictionPolicy(a.target(), a.text("policy"))),
                procedure("heal-partition", "reconnect the service to the stack network and restore the links its partial partitions cut").target()
                        .requires(Network.class)
                        .build(a -> Recoveries.healPartition(a.target())),
                procedure("revert-faults", "undo the injected faults (the fix of a cut path)")
                        .build(a -> Recoveries.revertFaults()),
                procedure("wait-until", "wait for the system to recover by itself (an automatic failover): done when the probed"
                        + " path is steady again, failed when that takes longer than within; TTR counts from its start")
                        .param(optional("probe", TEXT, "write", "the probed path that must be steady again"),
                                required("within", DURATION, "the longest wait"))
                        .build(a -> Recoveries.waitUntil(a.text("probe"), a.duration("within"))),
                procedure("restore-latest-backup", "restore the latest logical backup into a fresh server").target()
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreLatestBackup(a.target())),
                procedure("restore-older-backup", "restore an older backup than the latest").target()
                        .param(required("generations-back", INTEGER, "1 = the one before the latest"))
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreOlderBackup(a.target(), a.integer("generations-back"))),
                procedure("restore-to-recovery-point", "point-in-time restore: the damaged server stopped, the base backup and the archived WAL "
                        + "replayed into a fresh server up to the recorded target, promoted; follow it with repoint").target()
                        .param(required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr"))
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreToRecoveryPoint(a.target(), a.text("into"))),
                procedure("restore-to-end-of-archive", "as restore-to-recovery-point, the whole archive replayed, bad change included "
                        + "(a can-fail variant's mistake)").target()
                        .param(required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr"))
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreToEndOfArchive(a.target(), a.text("into"))),
                procedure("restore-base-backup-alone", "as restore-to-recovery-point, the WAL archive skipped: the base backup alone "
                        + "started as a primary (a can-fail variant's mistake)").target()
                        .param(required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr"))
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreBaseBackupAlone(a.target(), a.text("into"))),
                procedure("restore-latest-snapshot", "restore the latest Redis snapshot into a fresh Redis under the same name, keys loaded checked")
                        .target()
                        .requires(ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreLatestSnapshot(a.target())),
                procedure("restore-older-snapshot", "restore an older Redis snapshot than the latest").target()
                        .param(required("generations-back", INTEGER, "1 = the one before the latest"))
                        .requires(ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreOlderSnapshot(a.target(), a.integer("generations-back"))),
                procedure("promote-replica", "promote a streaming standby to primary").target()
                        .build(a -> Recoveries.promoteReplica(a.target())),
                procedure("repoint", "point the proxy of the target at another service (the DNS update)").target()
                        .param(required("to", TEXT, "the service it should lead to"), required("port", INTEGER, "its port"))
                        .requires(FaultProxy.class)
                        .build(a -> Recoveries.repoint(a.target(), a.text("to"), a.integer("port"))),
                procedure("switch-back", "roll a release switch back: the proxy leads to the service itself again").target()
                        .param(optional("port", INTEGER, 8080, "its port"))
                        .requires(FaultProxy.class)
                        .build(a -> Recoveries.switchBack(a.target(), a.integer("port"))),
                procedure("rotate-certificate", "issue a certificate valid for a day, install it, wait until it is served").target()
                        .param(optional("port", INTEGER, 8443, "the TLS port"), required("store", TEXT, "the service's keystore volume"))
                        .requires(ServiceCommands.class)
                        .build(a -> Recoveries.rotateCertificate(a.target(), a.integer("port"), a.text("store"))),
                procedure("drain", "take an instance out of the load balancer's rotation (rewrite, reload, old workers finished)").target()
                        .param(required("instance", TEXT, "the instance drained"))
                        .requires(Network.class, ServiceCommands.class)
                        .build(a -> Recoveries.drain(a.target(), a.text("instance"))),
                procedure("put-back", "put an instance back into the load balancer's rotation").target()
                        .param(required("instance", TEXT, "the instance"))
                        .requires(Network.class, ServiceCommands.class)
                        .build(a -> Recoveries.putBack(a.target(), a.text("instance"))),
                procedure("rotation", "exactly these instances in the load balancer's rotation").target()
                        .param(required("instances", TEXTS, "the instances"))
                        .requires(Network.class, ServiceCommands.class)
                        .build(a -> Recoveries.rotation(a.target(), a.texts("instances").toArray(String[]::new))),
                // Through the instance's own port (HTTP only); it bypasses the proxy through the stack's direct endpoint.
                procedure("ready", "until the service answers GET /ready with 200 (at most 90 s)").target()
                        .build(a -> Recoveries.ready(a.target())),
                procedure("script", "run a runbook script (relative to the project directory)")
                        .param(required("run", TEXT, "the script's path"), optional("args", TEXTS, List.of(), "its arguments"),
                                optional("timeout", DURATION, Duration.ofMinutes(5), "bound on its run"))
                        .build(a -> Recoveries.script(a.text("run"), a.texts("args"), a.duration("timeout"))));
    }
}
