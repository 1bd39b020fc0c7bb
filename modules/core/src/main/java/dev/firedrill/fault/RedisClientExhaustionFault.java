package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Redis;
import dev.firedrill.access.RedisClient;
import dev.firedrill.access.RedisConsoles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redis' clients exhausted (runbook 004 §Scenario 6): connections held open, idle, by a leaking client until Redis has
 * {@code maxclients} connected and refuses every new one with "max number of clients reached". So that it takes tens
 * of sockets, not Redis' default 10000, {@code maxclients} is first lowered (CONFIG SET) to {@code maxClients} when it
 * is higher. The connections the other clients held (the service's pool) are then closed ({@code CLIENT KILL}) and
 * their slots taken too, as a restart or a network blip would make a service reconnect, so the service's next call
 * needs a new connection and is refused. Before it takes the slots it opens the operator's console
 * ({@link RedisConsoles}): Redis reserves no connection for an administrator, and the runbook's {@code CLIENT KILL}
 * needs a session.
 *
 * <p>Takes effect, within {@link #EFFECT_BOUND}, when {@code INFO clients} shows {@code connected_clients} equal to
 * {@code maxclients}, no client but the harness's has held a connection for {@link #SETTLE} (a reconnect that slipped
 * in meanwhile is closed too), and a new connection is refused with "max number of clients reached". Undo restores
 * {@code maxclients} and closes every connection it opened, the console last. Should the JVM die, the connections
 * close with it; the lowered {@code maxclients} stays, and the journal says how to restore it.
 *
 * <p>In a drill file: {@code - {kind: redis-client-exhaustion, target: redis, maxclients: 50}}.
 *
 * @param service    the Redis service
 * @param maxClients the {@code maxclients} Redis is lowered to when it allows more
 */
public record RedisClientExhaustionFault(String service, int maxClients) implements Fault {

    /** The name the held connections give themselves ({@code CLIENT SETNAME}). */
    static final String LEAK_NAME = "firedrill-leak";
    static final int DEFAULT_MAX_CLIENTS = 50;
    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);

    public RedisClientExhaustionFault {
        Faults.requireService(service, "redisClientExhaustion");
        if (maxClients < 2 || maxClients > 1000) {
            throw new IllegalArgumentException("redisClientExhaustion(" + service + "): maxclients must be 2 .. 1000 (each is a socket the"
                    + " harness holds), got " + maxClients);
        }
    }

    /** The kind {@code redis-client-exhaustion}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("redis-client-exhaustion", "idle connections held until Redis reaches maxclients"
                            + " (lowered first) and refuses new ones; the other clients' connections closed (runbook 004 §Scenario 6)").target()
                    .param(Param.optional("maxclients", Param.Type.INTEGER, DEFAULT_MAX_CLIENTS, "maxclients lowered to, when higher"))
                    .build(a -> new RedisClientExhaustionFault(a.target(), a.integer("maxclients"))));
        }
    }

    @Override
    public String name() {
        return "redisClientExhaustion(" + service + ", maxclients " + maxClients + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireProtocol(service, "redis", name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        Jedis console = RedisConsoles.open(system, service);
        Holding holding;
        try {
            String before = console.configGet("maxclients").values().iterator().next();
            long limit = Math.min(Long.parseLong(before), maxClients);
            holding = new Holding(system, console, before, limit);
        } catch (RuntimeException e) {
            RedisConsoles.close(system, service, console);
            throw FaultException.of(name(), service, "read maxclients", e);
        }
        events.willLeave(Leftover.byHand("maxclients of " + service + " lowered from " + holding.before + " to " + holding.limit
                + ": run CONFIG SET maxclients " + holding.before + " there (the held connections close with the JVM)"));
        events.accept(holding);
        try {
            synchronized (console) {
                console.configSet("maxclients", String.valueOf(holding.limit));
            }
            events.acting();   // from here on new connections are refused as soon as the slots are taken
            holding.holdEverySlot();
            if (holding.newConnectionRefusal() == null) {
                throw new FaultNotEffectiveException(name() + ": a new connection was not refused with '" + RedisClient.REFUSAL + "' ("
                        + Redis.answerToNewConnection(system, service) + ") with " + holding.held.size() + " connections held and maxclients "
                        + holding.limit);
            }
            return holding;
        } catch (JedisException e) {
            holding.close();
            throw FaultException.of(name(), service, "hold connections up to maxclients " + holding.limit, e);
        } catch (RuntimeException e) {
            holding.close();
            throw e;
        }
    }

    /** The connections held, and the undo: maxclients restored, every connection closed, once. */
    private final class Holding implements Injection {

        final SystemUnderTest system;
        final Jedis console;
        final String before;
        final long limit;
        final List<Jedis> held = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        Holding(SystemUnderTest system, Jedis console, String before, long limit) {
            this.system = system;
            this.console = console;
            this.before = before;
            this.limit = limit;
        }

        /**
         * Opens connections until Redis refuses one, closes the other clients' connections, and takes the slots they
         * free, until {@code connected_clients} reaches the limit and no other client has had one for {@link #SETTLE}.
         */
        void holdEverySlot() {
            long deadline = System.nanoTime() + EFFECT_BOUND.toNanos();
            long settledSince = System.nanoTime();
            while (true) {
                List<RedisClient> others = others();
                long connected = connectedClients();
                boolean full = others.isEmpty() && connected >= limit;
                if (full && System.nanoTime() - settledSince >= SETTLE.toNanos()) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new FaultNotEffectiveException(name() + ": after " + EFFECT_BOUND + " " + connected + " of maxclients " + limit
                            + " are connected and " + others.size() + " other clients still hold connections (" + others + ")");
                }
                for (RedisClient other : others) {
                    synchronized (console) {
                        console.clientKill(ClientKillParams.clientKillParams().id(String.valueOf(other.id())));
                    }
                }
                if (!full) {
                    fill();
                    settledSince = System.nanoTime();
                }
                sleep();
            }
        }

        /** Opens idle connections until one is refused (or as many as the limit, whichever comes first). */
        private void fill() {
            for (long i = held.size(); i < limit; i++) {
                Jedis leak;
                try {
                    leak = Redis.connect(system, service);
                    leak.clientSetname(LEAK_NAME);
                } catch (JedisConnectionException | JedisDataException e) {
                    return;   // refused: Redis closes the connection after its error; the loop counts what is connected
                }
                held.add(leak);
                if (closed.get()) {   // reverted by a stop meanwhile
                    close(leak);
                    throw new FaultNotEffectiveException("its connections were closed (reverted by a stop or an abort) while it was still opening them");
                }
            }
        }

        /** The ordinary clients other than the harness's own (console, held connections). */
        private List<RedisClient> others() {
            String list;
            synchronized (console) {
                list = console.clientList();
            }
            return RedisClient.parse(list).stream().filter(RedisClient::ordinary)
                    .filter(c -> !c.name().equals(LEAK_NAME) && !c.name().equals(RedisConsoles.NAME)).toList();
        }

        private long connectedClients() {
            String info;
            synchronized (console) {
                info = console.info("clients");
            }
            return Redis.infoField(info, "connected_clients");
        }

        /** The refusal of one more connection, or null when it was accepted. */
        String newConnectionRefusal() {
            String answer = Redis.answerToNewConnection(system, service);
            return answer.contains(RedisClient.REFUSAL) ? answer : null;
        }

        private void sleep() {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name() + ": interrupted while taking Redis' connection slots", e);
            }
        }

        /** Restores maxclients (through the console, or once the held connections are closed a new session), closes everything. */
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            boolean restored = false;
            try {
                synchronized (console) {
                    console.configSet("maxclients", before);
                }
                restored = true;
            } catch (RuntimeException e) {
                // the console may have been killed; restored below on a new session once the slots are free
            }
            held.forEach(this::close);
            try {
                if (!restored) {
                    try (Jedis again = Redis.connect(system, service)) {
                        again.configSet("maxclients", before);
                    } catch (JedisException e) {
                        throw FaultException.of(name(), service, "restore maxclients " + before, e);
                    }
                }
            } finally {
                RedisConsoles.close(system, service, console);
            }
        }

        private void close(Jedis connection) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // killed by the fix already: closing is all that is left
            }
        }
    }
}
