package dev.firedrill.recovery;

import redis.clients.jedis.Jedis;

import java.util.Map;
import java.util.Optional;

/** What a Redis server says about its RDB file: where it is, and its INFO fields. */
final class RedisFiles {

    private RedisFiles() {
    }

    /** {@code dir/dbfilename}: where the server writes its snapshot and reads it at start. */
    static String rdbPath(Jedis redis) {
        String dir = configValue(redis, "dir");
        String file = configValue(redis, "dbfilename");
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    static String configValue(Jedis redis, String parameter) {
        Map<String, String> values = redis.configGet(parameter);
        String value = values.get(parameter);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("CONFIG GET " + parameter + " answered " + values);
        }
        return value;
    }

    /** The value of {@code field} in {@code INFO section}, if the server reports it. */
    static Optional<String> info(Jedis redis, String section, String field) {
        for (String line : redis.info(section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Optional.of(line.substring(field.length() + 1).strip());
            }
        }
        return Optional.empty();
    }
}
