package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Redis;
import dev.firedrill.access.RedisClient;
import dev.firedrill.access.RedisConsoles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runbook 004 §Scenario 6's fix of Redis client exhaustion: {@code CLIENT LIST}, then {@code CLIENT KILL ID} of every
 * ordinary client idle for more than {@code idleOver}; the clients in use (the service's active connections, idle less
 * than the bound), replication links and its own session are spared. Reports how many it killed and spared, by client
 * name. It runs on the operator's console when one is open on the service ({@link RedisConsoles}: a full Redis
 * refuses every new connection, the operator's too), otherwise on a new connection; refused one, it says so.
 *
 * <p>Example: {@code Recoveries.redisClientKill("redis", Duration.ofSeconds(10))}; in a drill file
 * {@code - {procedure: redis-client-kill, target: redis, idle-over: 10s}}.
 *
 * @param service  the Redis service
 * @param idleOver the idle time (whole seconds, as {@code CLIENT LIST} counts it) over which a client is killed
 */
public record RedisClientKill(String service, Duration idleOver) implements Recovery {

    static final Duration DEFAULT_IDLE_OVER = Duration.ofSeconds(10);

    public RedisClientKill {
        Recoveries.requireService(service, "redisClientKill");
        Objects.requireNonNull(idleOver, "redisClientKill(" + service + "): idle-over must not be null");
        if (idleOver.isNegative() || idleOver.getNano() != 0) {
            throw new IllegalArgumentException("redisClientKill(" + service + "): idle-over must be whole seconds, zero or more (CLIENT LIST"
                    + " counts idle time in seconds), e.g. 10s, got " + idleOver);
        }
    }

    /** The kind {@code redis-client-kill}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("redis-client-kill", "CLIENT KILL ID of every client CLIENT LIST shows idle longer"
                            + " than a bound; active ones spared (runbook 004 §Scenario 6)").target()
                    .param(Param.optional("idle-over", Param.Type.DURATION, DEFAULT_IDLE_OVER, "idle time over which a client is killed"))
                    .build(a -> new RedisClientKill(a.target(), a.duration("idle-over"))));
        }
    }

    @Override
    public String name() {
        return "redisClientKill(" + service + ", idle > " + idleOver.toSeconds() + " s)";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireProtocol(service, "redis", name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        Jedis console = RedisConsoles.find(system, service).orElse(null);
        if (console != null) {
            synchronized (console) {
                return killIdle(console, "on the operator's console");
            }
        }
        try (Jedis session = Redis.connect(system, service)) {
            return killIdle(session, "on a new connection");
        } catch (JedisException e) {
            String answer = Redis.answerToNewConnection(system, service);
            if (answer.contains(RedisClient.REFUSAL)) {
                throw new IllegalStateException(name() + ": Redis refuses new connections (" + answer + ") and no operator console is open on"
                        + " it: a full Redis lets nobody new in, so CLIENT KILL needs a session opened before it filled", e);
            }
            throw new IllegalStateException(name() + ": could not run CLIENT LIST / CLIENT KILL on '" + service + "': " + e.getMessage(), e);
        }
    }

    private String killIdle(Jedis session, String how) {
        long own = session.clientId();
        List<RedisClient> clients = RedisClient.parse(session.clientList());
        List<RedisClient> idle = clients.stream()
                .filter(c -> c.id() != own && c.ordinary() && c.idleSeconds() > idleOver.toSeconds()).toList();
        for (RedisClient client : idle) {
            session.clientKill(ClientKillParams.clientKillParams().id(String.valueOf(client.id())));
        }
        List<RedisClient> spared = clients.stream().filter(c -> c.id() != own && !idle.contains(c)).toList();
        return "killed " + idle.size() + " client connection" + (idle.size() == 1 ? "" : "s") + " idle over " + idleOver.toSeconds() + " s "
                + byName(idle) + "; spared " + spared.size() + " " + byName(spared) + " (" + how + ")";
    }

    /** How many per client name, e.g. {@code [firedrill-leak × 48, (no name) × 2]}. */
    private static String byName(List<RedisClient> clients) {
        Map<String, Long> counts = clients.stream().collect(Collectors.groupingBy(c -> c.name().isEmpty() ? "(no name)" : c.name(),
                TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", ", "[", "]"));
    }
}
