package dev.firedrill.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.access.Postgres;
import dev.firedrill.capability.ServiceCommands;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The watch behind {@code system-consistent}: when the drill ends it reads what the three parts of the restored system
 * hold and notes it on the timeline ({@link #NOTE}, a {@link SystemAudit}): the entries the service caches in Redis
 * ({@code ledger:entry:<id>}, as {@code EntryCache} stores them), its receipts (the application files, one JSON file per
 * entry in {@code receipts} inside the service), then the database's {@code entries}, in that order, so that an entry
 * written meanwhile is in the database before it can be in the cache or a receipt. "Newer than the point" is judged on the
 * database's clock against the last whole-system restore noted ({@link SystemRestoreRecord}): {@code created_at} after
 * the set's point and before the restored database answered. Redis and PostgreSQL are reached directly, not through
 * the fault proxy. Not a steady-state probe: it observes nothing until the end.
 *
 * @param service  the service whose cache and receipts are read (ledger)
 * @param postgres the PostgreSQL service holding {@code entries}
 * @param redis    the Redis service holding the cache
 * @param receipts the directory of the receipts inside {@code service}
 */
record SystemConsistencyAudit(String service, String postgres, String redis, String receipts) implements Function<SystemUnderTest, Probe> {

    static final String NOTE = "system-audit";
    static final String PATH = "system-audit";
    static final String CACHE_PREFIX = "ledger:entry:";
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    SystemConsistencyAudit {
        for (String name : new String[] {service, postgres, redis}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("system-consistent: service, postgres and redis each name a service of the stack; got '"
                        + name + "'");
            }
        }
        if (receipts == null || !receipts.startsWith("/")) {
            throw new IllegalArgumentException("system-consistent: 'receipts' is the absolute path of the service's receipts directory,"
                    + " e.g. /var/lib/ledger/receipts; got '" + receipts + "'");
        }
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        return new Probe() {
            @Override
            public String path() {
                return PATH;
            }

            @Override
            public boolean steadyState() {
                return false;
            }

            @Override
            public Running start(Timeline timeline) {
                return new AuditAtClose(PATH, () -> timeline.note(NOTE, audit(system, timeline)));
            }
        };
    }

    /** One entry as a part holds it. */
    record Held(String id, long seq, long amount, Instant createdAt) {
    }

    /** The audit's text, or "unreadable: ..." saying why there is none. */
    String audit(SystemUnderTest system, Timeline timeline) {
        Optional<SystemRestoreRecord> restore = timeline.events().stream().filter(e -> SystemRestoreRecord.NOTE.equals(e.kind()))
                .map(TimelineEvent::detail).reduce((first, last) -> last).flatMap(SystemRestoreRecord::parse);
        if (restore.isEmpty()) {
            return "unreadable: no whole-system restore was noted (" + SystemRestoreRecord.NOTE + "), so there is no point to judge against";
        }
        try {
            Map<String, Held> cached = cached(system);
            Map<String, Held> filed = receipts(system);
            try (Connection session = Postgres.sessions(system, postgres, "the system audit").connect(postgres, "firedrill-system-audit")) {
                Set<String> ids = new LinkedHashSet<>(cached.keySet());
                ids.addAll(filed.keySet());
                Map<String, Held> stored = stored(session, ids);
                List<String> newerStored = newerStored(session, restore.get());
                return judge(restore.get(), cached, filed, stored, newerStored).text();
            }
        } catch (SQLException | RuntimeException e) {
            return "unreadable: " + MeasurementException.describe(e);
        }
    }

    /** The audit of what each part holds; {@code newerStored} are the database's entries newer than the point (count and ids). */
    static SystemAudit judge(SystemRestoreRecord restore, Map<String, Held> cached, Map<String, Held> filed, Map<String, Held> stored,
            List<String> newerStored) {
        List<String> examples = new ArrayList<>();
        long cachedMissing = 0;
        long cachedDiffering = 0;
        long newerCache = 0;
        for (Held entry : cached.values()) {
            Held row = stored.get(entry.id());
            if (row == null) {
                cachedMissing++;
                example(examples, entry.id() + " cached, not in the database");
            } else if (row.seq() != entry.seq() || row.amount() != entry.amount()) {
                cachedDiffering++;
                example(examples, entry.id() + " cached as seq " + entry.seq() + ", seq " + row.seq() + " in the database");
            }
            if (newer(entry, restore)) {
                newerCache++;
                example(examples, entry.id() + " cached, created " + entry.createdAt());
            }
        }
        long receiptsMissing = 0;
        long newerFiles = 0;
        for (Held entry : filed.values()) {
            if (!stored.containsKey(entry.id())) {
                receiptsMissing++;
                example(examples, entry.id() + " has a receipt, not in the database");
            }
            if (newer(entry, restore)) {
                newerFiles++;
                example(examples, entry.id() + " has a receipt, created " + entry.createdAt());
            }
        }
        newerStored.forEach(id -> example(examples, id + " in the database, created after the point"));
        return new SystemAudit(cached.size(), cachedMissing, cachedDiffering, filed.size(), receiptsMissing, newerStored.size(), newerCache,
                newerFiles, String.join(", ", examples));
    }

    private static boolean newer(Held entry, SystemRestoreRecord restore) {
        return entry.createdAt() != null && entry.createdAt().isAfter(restore.point()) && entry.createdAt().isBefore(restore.restoredAt());
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 3) {
            examples.add(example);
        }
    }

    private Map<String, Held> cached(SystemUnderTest system) {
        Map<String, Held> cached = new LinkedHashMap<>();
        try (Jedis jedis = dev.firedrill.access.Redis.connect(system, redis)) {
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(CACHE_PREFIX + "*").count(1000);
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            for (int i = 0; i < keys.size(); i += BATCH) {
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
                List<String> values = jedis.mget(batch.toArray(String[]::new));
                for (int j = 0; j < batch.size(); j++) {
                    if (values.get(j) != null) {   // expired meanwhile
                        Held entry = parse(values.get(j), "the cached value of " + batch.get(j));
                        cached.put(entry.id(), entry);
                    }
                }
            }
        }
        return cached;
    }

    private Map<String, Held> receipts(SystemUnderTest system) {
        ServiceCommands.CommandResult read = system.require(ServiceCommands.class, "the system audit").exec(service, "bash", "-c",
                "test -d \"$0\" || { echo \"no directory $0\" >&2; exit 3; }; find \"$0\" -maxdepth 1 -name '*.json' -exec grep -h '^' {} + || true",
                receipts);
        if (!read.succeeded()) {
            throw new IllegalStateException("reading the receipts in " + service + ":" + receipts + " exited " + read.exitCode() + ": "
                    + read.stderr().strip());
        }
        Map<String, Held> filed = new LinkedHashMap<>();
        for (String line : read.stdout().split("\n")) {
            if (!line.isBlank()) {
                Held entry = parse(line, "a receipt in " + receipts);
                filed.put(entry.id(), entry);
            }
        }
        return filed;
    }

    static Held parse(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode created = node.get("created_at");
            return new Held(node.get("id").asText(), node.get("seq").asLong(), node.get("amount").asLong(),
                    created == null || created.isNull() ? null : Instant.parse(created.asText()));
        } catch (Exception e) {
            throw new IllegalStateException(what + " is not an entry as the service writes it ({\"id\", \"seq\", \"amount\", \"created_at\"}): "
                    + (json.length() > 120 ? json.substring(0, 120) + "..." : json), e);
        }
    }

    private static Map<String, Held> stored(Connection session, Set<String> ids) throws SQLException {
        Map<String, Held> stored = new LinkedHashMap<>();
        Array array = session.createArrayOf("text", ids.toArray());
        try (PreparedStatement s = session.prepareStatement("SELECT id, seq, amount, created_at FROM entries WHERE id = ANY(?)")) {
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime created = rs.getObject(4, OffsetDateTime.class);
                    stored.put(rs.getString(1), new Held(rs.getString(1), rs.getLong(2), rs.getLong(3), created == null ? null : created.toInstant()));
                }
            }
        }
        return stored;
    }

    private static List<String> newerStored(Connection session, SystemRestoreRecord restore) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = session.prepareStatement("SELECT id FROM entries WHERE created_at > ? AND created_at < ? ORDER BY seq")) {
            s.setObject(1, OffsetDateTime.ofInstant(restore.point(), ZoneOffset.UTC));
            s.setObject(2, OffsetDateTime.ofInstant(restore.restoredAt(), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
