package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import redis.clients.jedis.Jedis;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's console on a Redis service: one session kept open, through which the runbook's commands still run
 * once Redis refuses new connections. Redis keeps no connection for administrators (PostgreSQL keeps
 * {@code superuser_reserved_connections}): once {@code maxclients} clients are connected it refuses every new one, the
 * operator's {@code redis-cli} too, so an operator reaches a full Redis only through a session opened before, such as a
 * console left open or a monitoring agent's. A fault that fills Redis opens the console before it takes the slots (so
 * the console counts among them) and closes it on undo; a procedure on that Redis runs on it while it is open.
 * One console per endpoint; every use of it is serialised on it.
 */
public final class RedisConsoles {

    /** The name the console gives itself ({@code CLIENT SETNAME}), as {@code CLIENT LIST} shows it. */
    public static final String NAME = "firedrill-console";

    private static final Map<String, Jedis> OPEN = new ConcurrentHashMap<>();

    private RedisConsoles() {
    }

    /** Opens the console on {@code service}; fails when one is open already (another fault holds it). */
    public static Jedis open(SystemUnderTest system, String service) {
        String key = key(system, service);
        Jedis console = Redis.connect(system, service);
        try {
            console.clientSetname(NAME);
        } catch (RuntimeException e) {
            console.close();
            throw e;
        }
        if (OPEN.putIfAbsent(key, console) != null) {
            console.close();
            throw new IllegalStateException("a console is already open on " + service + " (" + key + "): another fault fills it");
        }
        return console;
    }

    /** The console open on {@code service}, if any. */
    public static Optional<Jedis> find(SystemUnderTest system, String service) {
        return Optional.ofNullable(OPEN.get(key(system, service)));
    }

    /** Closes {@code console} and forgets it. */
    public static void close(SystemUnderTest system, String service, Jedis console) {
        OPEN.remove(key(system, service), console);
        synchronized (console) {
            console.close();
        }
    }

    private static String key(SystemUnderTest system, String service) {
        return system.directEndpoint(service, 6379).toString();
    }
}
