package dev.firedrill.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections {@code CLIENT LIST} shows on a Redis server, as the runbooks read them: who (id, address, name), how
 * long idle, and whether it is an ordinary client (not a replica or a primary's link).
 *
 * @param id          the id {@code CLIENT KILL ID} takes
 * @param addr        the client's address and port
 * @param name        the name it gave itself ({@code CLIENT SETNAME}), empty when none
 * @param idleSeconds seconds since its last command
 * @param flags       Redis' flags: {@code N} for an ordinary client, {@code S} a replica, {@code M} a primary
 */
public record RedisClient(long id, String addr, String name, long idleSeconds, String flags) {

    /** What Redis answers a new connection once {@code maxclients} are connected. */
    public static final String REFUSAL = "max number of clients reached";

    /** Whether it is an ordinary client, not a replication link. */
    public boolean ordinary() {
        return !flags.contains("S") && !flags.contains("M");
    }

    /** Every line of a {@code CLIENT LIST} answer. */
    public static List<RedisClient> parse(String clientList) {
        List<RedisClient> clients = new ArrayList<>();
        for (String line : clientList.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String field : line.strip().split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            if (!fields.containsKey("id") || !fields.containsKey("idle")) {
                throw new IllegalArgumentException("not a CLIENT LIST line (no id= or idle=): '" + line + "'");
            }
            clients.add(new RedisClient(Long.parseLong(fields.get("id")), fields.getOrDefault("addr", "?"), fields.getOrDefault("name", ""),
                    Long.parseLong(fields.get("idle")), fields.getOrDefault("flags", "N")));
        }
        return clients;
    }

    /** Whether {@code e}'s message is Redis' refusal of a connection over {@code maxclients}. */
    public static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(REFUSAL)) {
                return true;
            }
        }
        return false;
    }
}
