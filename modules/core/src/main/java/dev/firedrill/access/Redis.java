package dev.firedrill.access;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Direct connections to a Redis service of the stack (its own mapped port, never through the proxy). */
public final class Redis {

    private Redis() {
    }

    /** A connection to {@code service}'s port 6379, 5 s timeouts. */
    public static Jedis connect(SystemUnderTest stack, String service) {
        Endpoint endpoint = stack.directEndpoint(service, 6379);
        return new Jedis(endpoint.host(), endpoint.port(), 5000);
    }

    public static long usedMemory(Jedis redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    public static long deleteBallast(Jedis redis, String prefix) {
        long deleted = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                deleted += redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return deleted;
    }
}
