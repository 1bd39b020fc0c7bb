package dev.firedrill.ledger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One committed row of the {@code entries} table, e.g. {@code new Entry("w-1", 1, "acc-7", 120, now)}.
 *
 * @param id the client's id (unique)
 * @param seq the database sequence number, ordering all entries
 * @param account the account the entry belongs to
 * @param amount the amount in minor units
 * @param createdAt when the database created the row
 */
public record Entry(String id, long seq, String account, long amount, Instant createdAt) {

    public Entry {
        Objects.requireNonNull(id, "id");
    }

    /** The JSON object the API answers with (and the cache stores). */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("seq", seq);
        json.put("account", account);
        json.put("amount", amount);
        json.put("created_at", createdAt == null ? null : createdAt.toString());
        return json;
    }
}
