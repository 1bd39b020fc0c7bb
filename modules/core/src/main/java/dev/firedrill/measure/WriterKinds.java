package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.writer;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.optional;

/**
 * The writers a drill file names under {@code workload: {writer: ...}}: each writes steadily and keeps an operation ledger
 * that is read back and judged when the drill ends ({@code docs/measurements.md}). The entry's own {@code restore} and
 * {@code warm-up} are applied by the reader ({@link Workloads#configured}); every writer here is built as mode {@code none}.
 */
@AutoService(KindProvider.class)
public final class WriterKinds implements KindProvider {

    private static final Param EVERY = optional("every", DURATION, WriterSettings.defaults().interval(), "one write this often");
    private static final Param TIMEOUT = optional("timeout", DURATION, WriterSettings.defaults().requestTimeout(),
            "bound on one write; a write that times out is indeterminate (it may have committed)");

    /** The Sentinels and master name of a Sentinel-monitored Redis (the writer here, the probe {@code redis-sentinel-write}). */
    static final Param SENTINELS = Param.required("sentinels", Param.Type.TEXTS,
            "the Sentinel services, asked in turn on port 26379 (e.g. [sentinel-1, sentinel-2, sentinel-3])");
    static final Param MASTER = optional("master", TEXT, "mymaster", "the master name they monitor ('sentinel monitor <name> ...')");

    @Override
    public List<KindDescriptor<?>> kinds() {
        LedgerAnalysis.RestoreMode none = LedgerAnalysis.RestoreMode.NONE;
        return List.of(
                writer("ledger", "entries written through the reference service (ledger:8080), read back straight from the postgres"
                        + " service's entries table").build(a -> Workloads.ledgerWriter(none)),
                writer("service", "entries written through a service speaking the reference service's HTTP contract, read back"
                        + " through its API")
                        .param(optional("service", TEXT, "ledger", "the service written to"), optional("port", INTEGER, 8080, "its port"))
                        .build(a -> Workloads.serviceWriter(a.text("service"), a.integer("port"), none)),
                writer("redis", "a key SET every 100 ms straight into a Redis service on 6379 (through the fault proxy when one fronts"
                        + " it), read back with SCAN")
                        .param(optional("service", TEXT, "redis", "the Redis service written to"))
                        .build(a -> Workloads.redisKeys(a.text("service"), none)),
                writer("redis-sentinel", "a key SET every 100 ms into the primary of a Sentinel-monitored Redis, whichever node the"
                        + " Sentinels (port 26379) name; read back with SCAN from the primary they name at the end, so what an old primary"
                        + " acknowledged and the new one never got counts as lost. The nodes must announce their service names")
                        .param(SENTINELS, MASTER, Param.choice("asking", false, SentinelPrimary.Asking.AFTER_A_FAILURE.text(),
                                SentinelPrimary.Asking.names(), "when the Sentinels are asked where the primary is: after-a-failure (before"
                                        + " the first write and after a write fails: a client that keeps its connection, and loses what an"
                                        + " old primary cut off from the Sentinels accepts), before-every-write (follows a failover at once)"))
                        .build(a -> Workloads.redisSentinelKeys(a.texts("sentinels"), a.text("master"), none,
                                SentinelPrimary.Asking.parse(a.text("asking")))),
                writer("sql", "canary rows INSERTed with JDBC into a PostgreSQL database reached at service:port (the server, a pooler"
                        + " or a load balancer; through the fault proxy when one fronts it), into a table it creates if absent (id bigint"
                        + " primary key, written_at timestamptz); a committed INSERT is acknowledged; read back with SELECT at the end")
                        .param(optional("service", TEXT, "postgres", "the service the database is reached through"),
                                optional("port", INTEGER, 5432, "its port"),
                                optional("table", TEXT, JdbcCanaryWriter.DEFAULT_TABLE, "the canary table (created if absent)"),
                                optional("credentials-of", TEXT, null, "the PostgreSQL service whose POSTGRES_USER, POSTGRES_PASSWORD"
                                        + " and POSTGRES_DB to log in with (default: service itself)"),
                                optional("user", TEXT, null, "log in as (default: POSTGRES_USER, else postgres)"),
                                optional("password-env", TEXT, null, "the harness's environment variable holding the password (default:"
                                        + " POSTGRES_PASSWORD of credentials-of); a drill file never holds a password itself"),
                                optional("database", TEXT, null, "database (default: POSTGRES_DB, else the user)"),
                                EVERY, TIMEOUT)
                        .build(a -> {
                            String from = a.text("credentials-of") != null ? a.text("credentials-of") : a.text("service");
                            String user = a.text("user");
                            String password = a.text("password-env") == null ? null : passwordFrom(a.text("password-env"));
                            String database = a.text("database");
                            return Workloads.sqlCanary(a.text("service"), a.integer("port"), a.text("table"),
                                    system -> Workloads.SqlLogin.of(system, from, user, password, database), none,
                                    new WriterSettings(a.duration("every"), a.duration("timeout")));
                        }));
    }

    /** The password in the harness's environment variable {@code variable}; an error naming it when it is not set. */
    static String passwordFrom(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalArgumentException("writer sql: password-env names " + variable + ", which is not set in the environment of"
                    + " the harness (export it before ./drill run)");
        }
        return value;
    }
}
