package dev.firedrill.toxiproxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Leases: Firedrill's extension of the Toxiproxy API, so that no fault outlives a harness that died. A harness puts a
 * lease ({@code PUT /leases/<id>}, body {@code {"ttl_ms": 15000, "undo": [{"type": "toxic", "proxy": "web", "toxic":
 * "t1"}, {"type": "proxy-disabled", "proxy": "web"}]}}) listing what its active faults changed, and puts it again
 * before the TTL runs out; when it does not, the server undoes the list itself: removes those toxics, enables those
 * proxies. {@code DELETE /leases/<id>} ends a lease without undoing anything (the harness undid its faults itself).
 * Official clients never send these requests; the official server answers them 404, which tells a harness that only
 * its journal protects that proxy.
 */
final class Leases {

    /** Longest TTL accepted: one hour. */
    static final long MAX_TTL_MS = 3_600_000;

    /** One change to undo when the lease runs out. */
    record Undo(String type, String proxy, String toxic) {
    }

    /** A lease: its id, TTL and list, and when it runs out ({@link System#nanoTime()} scale). */
    record Lease(String id, long ttlMillis, long expiresAtNanos, List<Undo> undo) {
    }

    private final Map<String, Lease> leases = new TreeMap<>();
    private final LongSupplier nanoTime;

    Leases(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Puts (creates or renews) lease {@code id} from a parsed request body; an {@link IllegalArgumentException} names what is wrong. */
    Lease put(String id, Object body) {
        if (!(body instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("a lease is a JSON object: {\"ttl_ms\": 15000, \"undo\": [...]}");
        }
        long ttl = fields.get("ttl_ms") instanceof Json.Number n && n.asLong() != null ? n.asLong() : -1;
        if (ttl <= 0 || ttl > MAX_TTL_MS) {
            throw new IllegalArgumentException("lease ttl_ms must be a whole number of milliseconds from 1 to " + MAX_TTL_MS
                    + ", got " + fields.get("ttl_ms"));
        }
        List<Undo> undo = new ArrayList<>();
        if (!(fields.get("undo") instanceof List<?> items)) {
            throw new IllegalArgumentException("lease undo must be a list of {\"type\": \"toxic\" | \"proxy-disabled\", \"proxy\": ..., \"toxic\": ...}");
        }
        for (Object item : items) {
            undo.add(undo(item));
        }
        Lease lease = new Lease(id, ttl, nanoTime.getAsLong() + ttl * 1_000_000, List.copyOf(undo));
        leases.put(id, lease);
        return lease;
    }

    private static Undo undo(Object item) {
        if (!(item instanceof Map<?, ?> u) || !(u.get("type") instanceof String type) || !(u.get("proxy") instanceof String proxy)) {
            throw new IllegalArgumentException("each undo names its type and proxy, got " + item);
        }
        return switch (type) {
            case "toxic" -> {
                if (!(u.get("toxic") instanceof String toxic)) {
                    throw new IllegalArgumentException("an undo of type toxic names its toxic, got " + item);
                }
                yield new Undo(type, proxy, toxic);
            }
            case "proxy-disabled" -> new Undo(type, proxy, null);
            default -> throw new IllegalArgumentException("undo type '" + type + "' is not toxic or proxy-disabled");
        };
    }

    /** Ends lease {@code id} without undoing anything; false when there is none. */
    boolean remove(String id) {
        return leases.remove(id) != null;
    }

    Lease get(String id) {
        return leases.get(id);
    }

    List<Lease> all() {
        return List.copyOf(leases.values());
    }

    /** The leases that ran out, removed from the table: their lists are to be undone now. */
    List<Lease> takeExpired() {
        long now = nanoTime.getAsLong();
        List<Lease> expired = new ArrayList<>();
        leases.values().removeIf(lease -> {
            boolean out = now - lease.expiresAtNanos() >= 0;
            if (out) {
                expired.add(lease);
            }
            return out;
        });
        return expired;
    }

    /** A lease as JSON: id, ttl_ms, the milliseconds left, its undo list. */
    String json(Lease lease) {
        StringBuilder out = new StringBuilder("{\"id\":");
        Json.quote(out, lease.id());
        out.append(",\"ttl_ms\":").append(lease.ttlMillis())
                .append(",\"remaining_ms\":").append(Math.max(0, (lease.expiresAtNanos() - nanoTime.getAsLong()) / 1_000_000))
                .append(",\"undo\":[");
        for (int i = 0; i < lease.undo().size(); i++) {
            Undo u = lease.undo().get(i);
            out.append(i == 0 ? "" : ",").append("{\"type\":");
            Json.quote(out, u.type());
            out.append(",\"proxy\":");
            Json.quote(out, u.proxy());
            if (u.toxic() != null) {
                out.append(",\"toxic\":");
                Json.quote(out, u.toxic());
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }
}
