package dev.firedrill.spec;

import dev.firedrill.Fault;
import dev.firedrill.Objective;
import dev.firedrill.Phase;
import dev.firedrill.Preparation;
import dev.firedrill.Recovery;
import dev.firedrill.fault.Direction;
import dev.firedrill.fault.Faults;
import dev.firedrill.fault.LockTableFault;
import dev.firedrill.fault.ConnectionExhaustionFault;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.RedisKeyProbe;
import dev.firedrill.measure.ServiceProbe;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.SqlProbe;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;

import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.measure.TlsProbe;

import java.time.Duration;
import java.util.function.Function;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.firedrill.spec.Param.Type.DURATION;
import static dev.firedrill.spec.Param.Type.INTEGER;
import static dev.firedrill.spec.Param.Type.NUMBER;
import static dev.firedrill.spec.Param.Type.SHARE;
import static dev.firedrill.spec.Param.Type.TEXT;
import static dev.firedrill.spec.Param.Type.TEXTS;
import static dev.firedrill.spec.Param.optional;
import static dev.firedrill.spec.Param.required;

/**
 * Every kind of fault, recovery procedure, preparation, probe and objective a drill file can name,
 * each mapped onto the same factory the Java DSL uses ({@code Faults.kill("ledger")} is {@code kind: kill,
 * target: ledger}). The parser and the JSON Schema both read this table.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    static final Param TARGET = required("target", TEXT, "the service (compose name) it acts on");

    static final Map<String, Kind<Fault>> FAULTS = table(
            fault("latency", "latency on the path to the service, through the fault proxy",
                    a -> Faults.latency(a.text("target"), a.duration("latency")).jitter(a.duration("jitter"))
                            .direction(Direction.valueOf(a.text("direction").toUpperCase(Locale.ROOT))),
                    required("latency", DURATION, "added delay"), optional("jitter", DURATION, Duration.ZERO, "± variation"),
                    Param.choice("direction", false, "downstream", List.of("downstream", "upstream", "both"), "which stream")),
            fault("bandwidth", "answers limited to a rate", a -> Faults.bandwidth(a.text("target"), a.integer("kilobytes-per-second")),
                    required("kilobytes-per-second", INTEGER, "rate; 0 stalls")),
            fault("blackhole", "data dropped both ways, connections held", a -> Faults.blackhole(a.text("target"))),
            fault("down", "the proxy in front of the service goes down: connections closed, new ones refused", a -> Faults.down(a.text("target"))),
            fault("reset-peer", "connections reset after their first data", a -> Faults.resetPeer(a.text("target"), a.duration("delay")),
                    optional("delay", DURATION, Duration.ZERO, "after how long")),
            fault("slow-close", "connections to the service closed only after a delay, through the fault proxy",
                    a -> Faults.slowClose(a.text("target"), a.duration("delay")), required("delay", DURATION, "how late the close comes")),
            fault("slicing", "answers cut into small pieces sent apart, through the fault proxy",
                    a -> Faults.slicing(a.text("target"), a.integer("average-bytes"), a.integer("variation-bytes"), a.duration("delay")),
                    required("average-bytes", INTEGER, "average piece size"), optional("variation-bytes", INTEGER, 0, "± variation of the size"),
                    optional("delay", DURATION, Duration.ZERO, "time between pieces")),
            fault("data-limit", "each connection closed after a number of bytes of answers, through the fault proxy",
                    a -> Faults.dataLimit(a.text("target"), a.integer("bytes")), required("bytes", INTEGER, "bytes before the close")),
            fault("partition", "the service's container disconnected from the stack network", a -> Faults.partition(a.text("target"))),
            fault("kill", "SIGKILL the service's process", a -> Faults.kill(a.text("target"))),
            fault("stop", "SIGTERM, then SIGKILL after the grace", a -> Faults.stop(a.text("target"), a.duration("grace")),
                    optional("grace", DURATION, Duration.ofSeconds(10), "time between SIGTERM and SIGKILL")),
            fault("pause", "freeze every process of the service", a -> Faults.pause(a.text("target"))),
            fault("lock-table", "a session holds ACCESS EXCLUSIVE on a table", a -> {
                LockTableFault f = Faults.lockTable(a.text("target"), a.text("table"));
                return a.has("holding") ? f.holding(a.text("holding")) : f;
            }, required("table", TEXT, "the table locked"), optional("holding", TEXT, null, "uncommitted SQL the holder ran")),
            fault("idle-in-transaction", "sessions idle in an open transaction", a -> Faults.idleInTransaction(a.text("target"), a.integer("count")),
                    required("count", INTEGER, "how many sessions")),
            fault("idle-sessions", "idle sessions", a -> Faults.idleSessions(a.text("target"), a.integer("count")),
                    required("count", INTEGER, "how many sessions")),
            fault("exhaust-connections", "sessions take every free slot up to max_connections", a -> {
                ConnectionExhaustionFault f = Faults.exhaustConnections(a.text("target"));
                if (a.has("as-role")) {
                    f = f.asRole(a.text("as-role"));
                }
                return a.has("terminating") ? f.terminating(a.text("terminating")) : f;
            }, optional("as-role", TEXT, null, "database role of the sessions"),
                    optional("terminating", TEXT, null, "application_name whose sessions are terminated too")),
            fault("long-query", "a query running for a while", a -> Faults.longQuery(a.text("target"), a.duration("length")),
                    required("length", DURATION, "how long it runs")),
            fault("pause-replay", "a standby stops replaying WAL, so its replication lag grows; resumed when undone",
                    a -> Faults.pauseReplay(a.text("target"))),
            fault("fill-volume", "the service's size-limited volume fills up", a -> Faults.fillVolume(a.text("target"))),
            fault("redis-memory-full", "Redis at maxmemory with noeviction", a -> Faults.redisMemoryFull(a.text("target"))),
            fault("bad-migration", "a bad change deletes rows at a recorded instant",
                    a -> Faults.badMigration(a.text("target"), a.text("table"), a.text("where")),
                    required("table", TEXT, "table"), required("where", TEXT, "SQL condition of the rows deleted")),
            fault("destroy", "the service's container and its data volume removed", a -> Faults.destroy(a.text("target"))),
            fault("proxy-down", "one proxy of the fault proxy disabled (e.g. postgres-replication)", a -> Faults.proxyDown(a.text("target"))),
            fault("switch-release", "traffic switched to another release: the proxy in front of the target leads to it",
                    a -> Faults.switchRelease(a.text("target"), a.text("release"), a.integer("port")),
                    required("release", TEXT, "the service of the new release, e.g. ledger-b"), optional("port", INTEGER, 8080, "its port")),
            fault("expire-certificate", "a certificate valid for a short while is installed and runs out",
                    a -> Faults.expireCertificate(a.text("target"), a.integer("port"), a.text("store"), a.duration("valid-for")),
                    optional("port", INTEGER, 8443, "the TLS port"), required("store", TEXT, "the service's keystore volume, e.g. certs"),
                    required("valid-for", DURATION, "how long the installed certificate is valid")));

    static final Map<String, Kind<Recovery>> PROCEDURES = table(
            procedure("restart", "start the service's container again and wait until ready", a -> Recoveries.restart(a.text("target"))),
            procedure("health-checks", "consecutive healthy GET /health answers", a -> Recoveries.healthChecks(a.text("target"),
                    a.integer("port"), a.integer("count"), a.duration("interval")),
                    optional("port", INTEGER, 8080, "port"), optional("count", INTEGER, 10, "consecutive answers"),
                    optional("interval", DURATION, Duration.ofSeconds(1), "between checks")),
            procedure("terminate-blockers", "terminate sessions pg_blocking_pids names", a -> Recoveries.terminateBlockers(a.text("target"))),
            procedure("terminate-idle-sessions", "terminate idle sessions older than a bound",
                    a -> Recoveries.terminateIdleSessions(a.text("target"), a.duration("older-than")).sparing(a.texts("sparing").toArray(String[]::new)),
                    required("older-than", DURATION, "minimum idle age"), optional("sparing", TEXTS, List.of(), "application names spared")),
            procedure("free-volume", "free the filled volume; start the service if it stopped", a -> Recoveries.freeVolume(a.text("target"))),
            procedure("set-eviction-policy", "set Redis' eviction policy", a -> Recoveries.setEvictionPolicy(a.text("target"), a.text("policy")),
                    required("policy", TEXT, "e.g. allkeys-lru")),
            procedure("heal-partition", "reconnect the service to the stack network", a -> Recoveries.healPartition(a.text("target"))),
            new Kind<>("revert-faults", "undo the injected faults (the fix of a cut path)", List.of(), a -> Recoveries.revertFaults()),
            procedure("restore-latest-backup", "restore the latest logical backup into a fresh server", a -> Recoveries.restoreLatestBackup(a.text("target"))),
            procedure("restore-older-backup", "restore an older backup than the latest", a -> Recoveries.restoreOlderBackup(a.text("target"),
                    a.integer("generations-back")), required("generations-back", INTEGER, "1 = the one before the latest")),
            procedure("restore-to-recovery-point", "point-in-time restore: the damaged server stopped, the base backup and the archived WAL "
                    + "replayed into a fresh server up to the recorded target, promoted; follow it with repoint",
                    a -> Recoveries.restoreToRecoveryPoint(a.text("target"), a.text("into")),
                    required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr")),
            procedure("restore-to-end-of-archive", "as restore-to-recovery-point, the whole archive replayed, bad change included "
                    + "(a can-fail variant's mistake)", a -> Recoveries.restoreToEndOfArchive(a.text("target"), a.text("into")),
                    required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr")),
            procedure("restore-base-backup-alone", "as restore-to-recovery-point, the WAL archive skipped: the base backup alone "
                    + "started as a primary (a can-fail variant's mistake)", a -> Recoveries.restoreBaseBackupAlone(a.text("target"), a.text("into")),
                    required("into", TEXT, "the fresh server restored into, e.g. postgres-pitr")),
            procedure("restore-latest-snapshot", "restore the latest Redis snapshot into a fresh Redis under the same name, keys loaded checked",
                    a -> Recoveries.restoreLatestSnapshot(a.text("target"))),
            procedure("restore-older-snapshot", "restore an older Redis snapshot than the latest",
                    a -> Recoveries.restoreOlderSnapshot(a.text("target"), a.integer("generations-back")),
                    required("generations-back", INTEGER, "1 = the one before the latest")),
            procedure("promote-replica", "promote a streaming standby to primary", a -> Recoveries.promoteReplica(a.text("target"))),
            procedure("repoint", "point the proxy of the target at another service (the DNS update)",
                    a -> Recoveries.repoint(a.text("target"), a.text("to"), a.integer("port")),
                    required("to", TEXT, "the service it should lead to"), required("port", INTEGER, "its port")),
            procedure("switch-back", "roll a release switch back: the proxy leads to the service itself again",
                    a -> Recoveries.switchBack(a.text("target"), a.integer("port")), optional("port", INTEGER, 8080, "its port")),
            procedure("rotate-certificate", "issue a certificate valid for a day, install it, wait until it is served",
                    a -> Recoveries.rotateCertificate(a.text("target"), a.integer("port"), a.text("store")),
                    optional("port", INTEGER, 8443, "the TLS port"), required("store", TEXT, "the service's keystore volume")),
            procedure("drain", "take an instance out of the load balancer's rotation (rewrite, reload, old workers finished)",
                    a -> Recoveries.drain(a.text("target"), a.text("instance")), required("instance", TEXT, "the instance drained")),
            procedure("put-back", "put an instance back into the load balancer's rotation",
                    a -> Recoveries.putBack(a.text("target"), a.text("instance")), required("instance", TEXT, "the instance")),
            procedure("rotation", "exactly these instances in the load balancer's rotation",
                    a -> Recoveries.rotation(a.text("target"), a.texts("instances").toArray(String[]::new)),
                    required("instances", TEXTS, "the instances")),
            procedure("ready", "until the service answers GET /ready with 200 (at most 90 s)", a -> Recoveries.ready(a.text("target"))),
            new Kind<>("script", "run a runbook script (relative to the project directory)",
                    List.of(required("run", TEXT, "the script's path"), optional("args", TEXTS, List.of(), "its arguments"),
                            optional("timeout", DURATION, Duration.ofMinutes(5), "bound on its run")),
                    a -> Recoveries.script(a.text("run"), a.texts("args"), a.duration("timeout"))));

    static final Map<String, Kind<Preparation>> PREPARATIONS = table(
            new Kind<>("logical-backup", "a logical backup (pg_dump) that marks recovery-point", List.of(TARGET), a -> Backups.logical(a.text("target"))),
            new Kind<>("logical-backup-not-recorded", "a logical backup that does not mark recovery-point", List.of(TARGET),
                    a -> Backups.logicalNotRecorded(a.text("target"))),
            new Kind<>("streaming-replica", "start the target as a streaming replica of the primary",
                    List.of(TARGET, required("primary", TEXT, "the primary service")), a -> Backups.streamingReplica(a.text("target"), a.text("primary"))),
            new Kind<>("synchronous-replica", "as streaming-replica, synchronous: a commit is acknowledged once the replica has flushed it",
                    List.of(TARGET, required("primary", TEXT, "the primary service")), a -> Backups.synchronousReplica(a.text("target"), a.text("primary"))),
            new Kind<>("base-backup", "a base backup (pg_basebackup) of a server that archives its WAL, for restore-to-recovery-point; "
                    + "checks the archiving works first", List.of(TARGET), a -> Backups.base(a.text("target"))),
            new Kind<>("recovery-target", "marks recovery-point, the target time of a later restore-to-recovery-point: "
                    + "put it just before the bad change", List.of(TARGET), a -> Backups.recoveryTarget(a.text("target"))),
            new Kind<>("redis-snapshot", "a Redis snapshot (BGSAVE, the RDB copied out) that marks recovery-point, for restore-latest-snapshot",
                    List.of(TARGET), a -> Backups.redisSnapshot(a.text("target"))),
            new Kind<>("redis-snapshot-not-recorded", "a Redis snapshot that does not mark recovery-point", List.of(TARGET),
                    a -> Backups.redisSnapshotNotRecorded(a.text("target"))));

    static final Param SERVICE = optional("service", TEXT, "ledger", "the service probed");
    static final Param PORT = optional("port", INTEGER, 8080, "its port");
    static final Param TIMEOUT = optional("timeout", DURATION, Duration.ofSeconds(2), "request timeout");

    static final Map<String, Kind<Function<SystemUnderTest, Probe>>> PROBES = table(
            new Kind<>("write", "POST /entries of a fresh entry must answer 201 (path write)", List.of(SERVICE, PORT, TIMEOUT),
                    a -> Probes.write(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
            new Kind<>("read", "GET /entries/{id} of an entry written first (path read)", List.of(SERVICE, PORT, TIMEOUT),
                    a -> Probes.read(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
            new Kind<>("get", "GET a path must answer 2xx (path: the name)", List.of(required("name", TEXT, "the path name objectives use"),
                    SERVICE, PORT, required("path", TEXT, "request path, e.g. /ready"), TIMEOUT),
                    a -> Probes.get(a.text("name"), a.text("service"), a.integer("port"), a.text("path")).timeout(a.duration("timeout"))),
            new Kind<>("data", "an entry written first must still be in the database, read back through the service (path data)",
                    List.of(SERVICE, PORT, TIMEOUT),
                    a -> Probes.data(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
            new Kind<>("cache-hit", "a fresh entry read back served from the cache (path cache)", List.of(SERVICE, PORT, TIMEOUT),
                    a -> Probes.cacheHit(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
            new Kind<>("tls", "a TLS handshake with the service; reports the certificate's remaining validity (path tls)",
                    List.of(optional("service", TEXT, "ledger", "the service probed"), optional("port", INTEGER, 8443, "its TLS port")),
                    a -> TlsProbe.of(a.text("service"), a.integer("port"))),
            new Kind<>("redis-key", "a key set in Redis when the drill starts must still hold its value: GET every 100 ms (path redis)",
                    List.of(optional("service", TEXT, "redis", "the Redis service probed"), optional("port", INTEGER, 6379, "its port")),
                    a -> new RedisKeyProbe(a.text("service"), a.integer("port"))),
            new Kind<>("sql", "a query on a PostgreSQL service must complete within the timeout, every 100 ms (path: the name);"
                    + " a query waiting for a lock fails it", List.of(required("name", TEXT, "the path name objectives use"),
                    optional("service", TEXT, "postgres", "the PostgreSQL service probed"), optional("port", INTEGER, 5432, "its port"),
                    required("query", TEXT, "the SQL run, e.g. SELECT count(*) FROM entries"), TIMEOUT),
                    a -> new SqlProbe(a.text("name"), a.text("service"), a.integer("port"), a.text("query"), a.duration("timeout"))));

    /** The timeline path a probe records under. */
    static String pathOf(Function<SystemUnderTest, Probe> p) {
        if (p instanceof TlsProbe.Of) {
            return TlsProbe.PATH;
        }
        if (p instanceof RedisKeyProbe) {
            return RedisKeyProbe.PATH;
        }
        if (p instanceof SqlProbe sql) {
            return sql.name();
        }
        ServiceProbe probe = (ServiceProbe) p;
        return switch (probe.kind()) {
            case WRITE -> "write";
            case READ -> "read";
            case GET -> probe.name();
            case CACHE_HIT -> "cache";
            case DATA -> "data";
        };
    }

    static final Param PATH = optional("path", TEXT, "write", "the probed path, e.g. write, read, cache, load");
    static final Param PHASE = Param.choice("phase", true, null, Arrays.stream(Phase.values()).map(Phase::id).toList(), "the phase judged");

    /** Objectives; {@link #RTO_KINDS} and {@link #RPO_KINDS} are the ones a DR policy can supply. */
    static final Map<String, Kind<Objective>> OBJECTIVES = table(
            new Kind<>("rto", "disruption → first success of the steady run after the last failure window, at most max", List.of(PATH, required("max", DURATION, "target")),
                    a -> Slos.rto(a.text("path"), a.duration("max"))),
            new Kind<>("ttr", "recovery-started → first success of the steady run after the last failure window, at most max", List.of(PATH, required("max", DURATION, "target")),
                    a -> Slos.ttr(a.text("path"), a.duration("max"))),
            new Kind<>("detection", "first failure within a bound of the disruption", List.of(PATH, required("within", DURATION, "target")),
                    a -> Slos.detectionWithin(a.text("path"), a.duration("within"))),
            new Kind<>("no-acknowledged-writes-lost", "no acknowledged write lost", List.of(), a -> Slos.noAcknowledgedWritesLost()),
            new Kind<>("rpo-lost-writes", "at most N acknowledged writes lost before the disruption", List.of(required("max", INTEGER, "N")),
                    a -> a.integer("max") == 0 ? Slos.noAcknowledgedWritesLost() : Slos.atMostLostWrites(a.integer("max"))),
            new Kind<>("rpo-window", "RPO window at most max", List.of(required("max", DURATION, "target")), a -> Slos.rpoWindowAtMost(a.duration("max"))),
            new Kind<>("rpo-window-within-backup-age", "RPO window at most the backup's age plus slack",
                    List.of(optional("slack", DURATION, Duration.ofSeconds(5), "slack")), a -> Slos.rpoWindowWithinBackupAge(a.duration("slack"))),
            new Kind<>("nothing-lost-before-recovery-point", "no write acknowledged before recovery-point missing", List.of(),
                    a -> Slos.lostBeforeRecoveryPointNone()),
            new Kind<>("nothing-present-after-target", "no write invoked after the PITR target present", List.of(), a -> Slos.presentAfterTargetNone()),
            new Kind<>("nothing-lost-after-disruption", "no write acknowledged after the disruption lost", List.of(),
                    a -> Slos.nothingLostAfterDisruption()),
            new Kind<>("error-rate", "error rate of a path in a phase strictly below max", List.of(PATH, PHASE, required("below", SHARE, "e.g. 1%")),
                    a -> Slos.errorRateBelow(a.text("path"), Phase.valueOf(a.text("phase").toUpperCase(Locale.ROOT)), a.number("below"))),
            new Kind<>("latency", "a latency percentile of a path in a phase strictly below max", List.of(PATH, PHASE,
                    Param.choice("percentile", false, "95", List.of("50", "95", "99"), "50, 95 or 99"), required("below", DURATION, "target")),
                    a -> Slos.latencyPercentileBelow(a.text("path"), Phase.valueOf(a.text("phase").toUpperCase(Locale.ROOT)),
                            Integer.parseInt(a.text("percentile")), a.duration("below"))),
            new Kind<>("expect-outage", "the path must go down after the disruption (a fault that never bit fails the drill)",
                    List.of(PATH), a -> Slos.outageExpected(a.text("path"))),
            new Kind<>("names-cause", "a failed answer of the path names the cause during the outage",
                    List.of(PATH, required("cause", TEXT, "text the answer must contain")), a -> Slos.namesCause(a.text("path"), a.text("cause"))));

    static final List<String> RTO_KINDS = List.of("rto", "ttr");
    static final List<String> RPO_KINDS = List.of("no-acknowledged-writes-lost", "rpo-lost-writes", "rpo-window",
            "rpo-window-within-backup-age", "nothing-lost-before-recovery-point");

    private static Kind<Fault> fault(String name, String summary, java.util.function.Function<Kind.Args, Fault> factory, Param... params) {
        List<Param> all = new java.util.ArrayList<>(List.of(TARGET));
        all.addAll(List.of(params));
        return new Kind<>(name, summary, all, factory);
    }

    private static Kind<Recovery> procedure(String name, String summary, java.util.function.Function<Kind.Args, Recovery> factory, Param... params) {
        List<Param> all = new java.util.ArrayList<>(List.of(TARGET));
        all.addAll(List.of(params));
        return new Kind<>(name, summary, all, factory);
    }

    @SafeVarargs
    private static <T> Map<String, Kind<T>> table(Kind<? extends T>... kinds) {
        Map<String, Kind<T>> map = new LinkedHashMap<>();
        for (Kind<? extends T> k : kinds) {
            @SuppressWarnings("unchecked")
            Kind<T> kind = (Kind<T>) k;
            map.put(k.name(), kind);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
