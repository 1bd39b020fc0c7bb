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
 * @param currency the ISO 4217 code, or null for a release without currencies (1.0.0)
 * @param createdAt when the database created the row, or null for a release that does not read it (2.0.0)
 */
public record Entry(String id, long seq, String account, long amount, String currency, Instant createdAt) {

    public Entry {
        Objects.requireNonNull(id, "id");
    }

    /** An entry without a currency, as release 1.0.0 knows them. */
    public Entry(String id, long seq, String account, long amount, Instant createdAt) {
        this(id, seq, account, amount, null, createdAt);
    }

    /** The JSON object the API answers with: the fields {@code release} knows. */
    Map<String, Object> toJson(Release release) {
        return toJson(release.currency(), release.createdAt());
    }

    /**
     * Whether this entry has every field {@code release} answers with: an entry another release cached (during a
     * rolling deploy, on a shared cache) may lack one, e.g. the currency when 1.0.0 cached it.
     */
    boolean complete(Release release) {
        return (!release.currency() || currency != null) && (!release.createdAt() || createdAt != null);
    }

    /**
     * The JSON object the cache stores: every field this entry has, so that releases sharing one cache (during a
     * rolling deploy) each find what they know.
     */
    Map<String, Object> toCachedJson() {
        return toJson(currency != null, createdAt != null);
    }

    private Map<String, Object> toJson(boolean withCurrency, boolean withCreatedAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("seq", seq);
        json.put("account", account);
        json.put("amount", amount);
        if (withCurrency) {
            json.put("currency", currency);
        }
        if (withCreatedAt) {
            json.put("created_at", createdAt == null ? null : createdAt.toString());
        }
        return json;
    }
}
