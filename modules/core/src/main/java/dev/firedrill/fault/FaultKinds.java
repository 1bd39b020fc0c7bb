package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static dev.firedrill.kind.KindDescriptor.fault;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The fault kinds a drill file names under {@code faults: - kind:}, each built through {@link Faults} as a Java drill
 * builds it ({@code kind: kill, target: ledger} is {@code Faults.kill("ledger")}). Every fault takes {@code target}.
 */
@AutoService(KindProvider.class)
public final class FaultKinds implements KindProvider {

    /** Firedrill's first table of its kinds: listed before the kinds added later in classes of their own. */
    @Override
    public int order() {
        return FIRST;
    }

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                fault("latency", "latency on the path to the service, through the fault proxy").target()
                        .param(required("latency", DURATION, "added delay"), optional("jitter", DURATION, Duration.ZERO, "± variation"),
                                Param.choice("direction", false, "downstream", List.of("downstream", "upstream", "both"), "which stream"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.latency(a.target(), a.duration("latency")).jitter(a.duration("jitter"))
                                .direction(Direction.valueOf(a.text("direction").toUpperCase(Locale.ROOT)))),
                fault("bandwidth", "answers limited to a rate").target()
                        .param(required("kilobytes-per-second", INTEGER, "rate; 0 stalls").unit("KB/s"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.bandwidth(a.target(), a.integer("kilobytes-per-second"))),
                fault("blackhole", "data dropped both ways, connections held").target()
                        .requires(FaultProxy.class)
                        .build(a -> Faults.blackhole(a.target())),
                fault("down", "the proxy in front of the service goes down: connections closed, new ones refused").target()
                        .requires(FaultProxy.class)
                        .build(a -> Faults.down(a.target())),
                fault("reset-peer", "connections reset after their first data").target()
                        .param(optional("delay", DURATION, Duration.ZERO, "after how long"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.resetPeer(a.target(), a.duration("delay"))),
                fault("slow-close", "connections to the service closed only after a delay, through the fault proxy").target()
                        .param(required("delay", DURATION, "how late the close comes"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.slowClose(a.target(), a.duration("delay"))),
                fault("slicing", "answers cut into small pieces sent apart, through the fault proxy").target()
                        .param(required("average-bytes", INTEGER, "average piece size"),
                                optional("variation-bytes", INTEGER, 0, "± variation of the size"),
                                optional("delay", DURATION, Duration.ZERO, "time between pieces"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.slicing(a.target(), a.integer("average-bytes"), a.integer("variation-bytes"), a.duration("delay"))),
                fault("data-limit", "each connection closed after a number of bytes of answers, through the fault proxy").target()
                        .param(required("bytes", INTEGER, "bytes before the close"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.dataLimit(a.target(), a.integer("bytes"))),
                fault("partition", "the service cut from the stack network, or from the services 'from' names only").target()
                        .param(optional("from", TEXTS, null, "cut only the links to these services (a partial partition); left out: from every service"),
                                Param.choice("direction", false, "both", LinkCut.Direction.names(),
                                        "with 'from': which way; outbound = the target cannot reach them, inbound = they cannot reach it"))
                        .requires(Network.class)
                        .build(a -> {
                            PartitionFault f = Faults.partition(a.target());
                            return (a.has("from") ? f.from(a.texts("from")) : f).direction(LinkCut.Direction.parse(a.text("direction")));
                        }),
                fault("kill", "SIGKILL the service's process").target()
                        .requires(ServiceProcesses.class)
                        .build(a -> Faults.kill(a.target())),
                fault("stop", "SIGTERM, then SIGKILL after the grace").target()
                        .param(optional("grace", DURATION, Duration.ofSeconds(10), "time between SIGTERM and SIGKILL"))
                        .requires(ServiceProcesses.class)
                        .build(a -> Faults.stop(a.target(), a.duration("grace"))),
                fault("pause", "freeze every process of the service").target()
                        .requires(ServiceProcesses.class)
                        .build(a -> Faults.pause(a.target())),
                fault("lock-table", "a session holds ACCESS EXCLUSIVE on a table").target()
                        .param(required("table", TEXT, "the table locked"), optional("holding", TEXT, null, "uncommitted SQL the holder ran"))
                        .requires(SqlSessions.class)
                        .build(a -> {
                            LockTableFault f = Faults.lockTable(a.target(), a.text("table"));
                            return a.has("holding") ? f.holding(a.text("holding")) : f;
                        }),
                fault("idle-in-transaction", "sessions idle in an open transaction").target()
                        .param(required("count", INTEGER, "how many sessions"))
                        .requires(SqlSessions.class)
                        .build(a -> Faults.idleInTransaction(a.target(), a.integer("count"))),
                fault("idle-sessions", "idle sessions").target()
                        .param(required("count", INTEGER, "how many sessions"))
                        .requires(SqlSessions.class)
                        .build(a -> Faults.idleSessions(a.target(), a.integer("count"))),
                fault("exhaust-connections", "sessions take every free slot up to max_connections").target()
                        .param(optional("as-role", TEXT, null, "database role of the sessions"),
                                optional("terminating", TEXT, null, "application_name whose sessions are terminated too"))
                        .requires(SqlSessions.class)
                        .build(a -> {
                            ConnectionExhaustionFault f = Faults.exhaustConnections(a.target());
                            if (a.has("as-role")) {
                                f = f.asRole(a.text("as-role"));
                            }
                            return a.has("terminating") ? f.terminating(a.text("terminating")) : f;
                        }),
                fault("long-query", "a query running for a while").target()
                        .param(required("length", DURATION, "how long it runs"))
                        .requires(SqlSessions.class)
                        .build(a -> Faults.longQuery(a.target(), a.duration("length"))),
                fault("pause-replay", "a standby stops replaying WAL, so its replication lag grows; resumed when undone").target()
                        .requires(SqlSessions.class)
                        .build(a -> Faults.pauseReplay(a.target())),
                fault("fill-volume", "the service's size-limited volume fills up, a database's or an application's own (disk-fill):"
                        + " free space under 1 MiB and writes there fail with No space left on device").target()
                        .requires(ServiceCommands.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Faults.fillVolume(a.target())),
                fault("redis-memory-full", "Redis at maxmemory with noeviction").target()
                        .build(a -> Faults.redisMemoryFull(a.target())),
                fault("bad-migration", "a bad change deletes rows at a recorded instant").target()
                        .param(required("table", TEXT, "table"), required("where", TEXT, "SQL condition of the rows deleted"))
                        .requires(SqlSessions.class)
                        .build(a -> Faults.badMigration(a.target(), a.text("table"), a.text("where"))),
                fault("destroy", "the service's container and its data volume removed").target()
                        .requires(ServiceProcesses.class)
                        .build(a -> Faults.destroy(a.target())),
                fault("proxy-down", "one proxy of the fault proxy disabled (e.g. postgres-replication)").target()
                        .requires(FaultProxy.class)
                        .build(a -> Faults.proxyDown(a.target())),
                fault("switch-release", "traffic switched to another release: the proxy in front of the target leads to it").target()
                        .param(required("release", TEXT, "the service of the new release, e.g. ledger-b"), optional("port", INTEGER, 8080, "its port"))
                        .requires(FaultProxy.class)
                        .build(a -> Faults.switchRelease(a.target(), a.text("release"), a.integer("port"))),
                fault("expire-certificate", "a certificate valid for a short while is installed and runs out").target()
                        .param(optional("port", INTEGER, 8443, "the TLS port"), required("store", TEXT, "the service's keystore volume, e.g. certs"),
                                required("valid-for", DURATION, "how long the installed certificate is valid"))
                        .requires(ServiceCommands.class)
                        .build(a -> Faults.expireCertificate(a.target(), a.integer("port"), a.text("store"), a.duration("valid-for"))));
    }
}
