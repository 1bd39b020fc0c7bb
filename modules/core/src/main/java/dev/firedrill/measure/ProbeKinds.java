package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.kind.KindDescriptor.probe;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The probes a drill file names under {@code steady-state.probes: - probe:} (and a guard's own {@code probe}), each
 * built through {@link Probes} as a Java drill builds it. They reach services through their endpoints only; each
 * factory says the path it records under ({@link dev.firedrill.ProbePath}).
 */
@AutoService(KindProvider.class)
public final class ProbeKinds implements KindProvider {

    private static final Param SERVICE = optional("service", TEXT, "ledger", "the service probed");
    private static final Param PORT = optional("port", INTEGER, 8080, "its port");
    private static final Param TIMEOUT = optional("timeout", DURATION, Duration.ofSeconds(2), "request timeout");
    private static final Param NAME = required("name", TEXT, "the path name objectives use");

    /** Firedrill's first table of its kinds: listed before the kinds added later in classes of their own. */
    @Override
    public int order() {
        return FIRST;
    }

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                probe("write", "POST /entries of a fresh entry must answer 201 (path write)").param(SERVICE, PORT, TIMEOUT)
                        .build(a -> Probes.write(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
                probe("read", "GET /entries/{id} of an entry written first (path read)").param(SERVICE, PORT, TIMEOUT)
                        .build(a -> Probes.read(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
                probe("get", "GET a path must answer 2xx (path: the name)")
                        .param(NAME, SERVICE, PORT, required("path", TEXT, "request path, e.g. /ready"), TIMEOUT)
                        .build(a -> Probes.get(a.text("name"), a.text("service"), a.integer("port"), a.text("path")).timeout(a.duration("timeout"))),
                probe("data", "an entry written first must still be in the database, read back through the service (path data)")
                        .param(SERVICE, PORT, TIMEOUT)
                        .build(a -> Probes.data(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
                probe("cache-hit", "a fresh entry read back served from the cache (path cache)").param(SERVICE, PORT, TIMEOUT)
                        .build(a -> Probes.cacheHit(a.text("service"), a.integer("port")).timeout(a.duration("timeout"))),
                probe("tls", "a TLS handshake with the service; reports the certificate's remaining validity (path tls)")
                        .param(optional("service", TEXT, "ledger", "the service probed"), optional("port", INTEGER, 8443, "its TLS port"))
                        .build(a -> TlsProbe.of(a.text("service"), a.integer("port"))),
                probe("redis-key", "a key set in Redis when the drill starts must still hold its value: GET every 100 ms (path redis)")
                        .param(optional("service", TEXT, "redis", "the Redis service probed"), optional("port", INTEGER, 6379, "its port"))
                        .build(a -> new RedisKeyProbe(a.text("service"), a.integer("port"))),
                probe("sql", "a query on a PostgreSQL service must complete within the timeout, every 100 ms (path: the name);"
                        + " a query waiting for a lock fails it")
                        .param(NAME, optional("service", TEXT, "postgres", "the PostgreSQL service probed"), optional("port", INTEGER, 5432, "its port"),
                                required("query", TEXT, "the SQL run, e.g. SELECT count(*) FROM entries"), TIMEOUT)
                        .build(a -> new SqlProbe(a.text("name"), a.text("service"), a.integer("port"), a.text("query"), a.duration("timeout"))),
                probe("leaders", "how many of the candidates lead, each asked every 500 ms as leader-of asks (http, sql or command);"
                        + " an observation succeeds when at most at-most lead (path: the name): with the invariant objective, no split brain")
                        .param(NAME, required("of", TEXTS, "the candidates, e.g. [pg1, pg2, pg3]"),
                                optional("at-most", INTEGER, 1, "how many may lead at once"))
                        .param(dev.firedrill.selector.LeaderCheck.PARAMS.toArray(Param[]::new))
                        .build(a -> new LeaderCountProbe(a.text("name"), a.texts("of"), dev.firedrill.selector.LeaderCheck.of(a.text("http"),
                                a.text("sql"), a.text("command"), a.has("port") ? a.integer("port") : null, a.text("expect")), a.integer("at-most"))),
                probe("redis-sentinel-write", "a key SET every 100 ms on the node the Sentinels name as primary at that moment (path: the"
                        + " name, write by default): fails while the primary is down and not yet replaced; its RTO is the failover as a client"
                        + " following the Sentinels sees it")
                        .param(optional("name", TEXT, SentinelWriteProbe.PATH, "the path name objectives use"), WriterKinds.SENTINELS,
                                WriterKinds.MASTER)
                        .build(a -> new SentinelWriteProbe(a.text("name"), a.texts("sentinels"), a.text("master"))));
    }
}
