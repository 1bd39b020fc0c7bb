package dev.firedrill.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /entries} body, e.g. {@code {"id": "w-1", "account": "acc-7", "amount": 120}}, with
 * {@code "currency": "USD"} for a release that knows currencies ({@link Release#currency()}).
 *
 * @param id the client's id: 1 to 128 characters of letters, digits, '.', '_', ':' or '-'
 * @param account 1 to 128 characters
 * @param amount a whole number that fits a signed 64-bit integer
 * @param currency three upper-case letters (default {@value #DEFAULT_CURRENCY}), or null for a release without currencies
 */
public record EntryRequest(String id, String account, long amount, String currency) {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_ACCOUNT_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ID_LENGTH + "}");
    static final String VALID_ID = "a string of 1 to " + MAX_ID_LENGTH + " letters, digits, '.', '_', ':' or '-'";
    /** The currency of an entry whose request names none (the column's default in schema revision 0002). */
    static final String DEFAULT_CURRENCY = "EUR";
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final String VALID_CURRENCY = "three upper-case letters such as EUR or USD (default " + DEFAULT_CURRENCY + ")";

    public EntryRequest {
        checkId(id);
        if (account == null || account.isEmpty() || account.length() > MAX_ACCOUNT_LENGTH) {
            throw new InvalidRequestException("field 'account' is not valid: expected a string of 1 to "
                    + MAX_ACCOUNT_LENGTH + " characters");
        }
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new InvalidRequestException("field 'currency' is not valid: expected " + VALID_CURRENCY + ", got " + quoted(currency));
        }
    }

    /** An entry without a currency, as release 1.0.0 takes them. */
    public EntryRequest(String id, String account, long amount) {
        this(id, account, amount, null);
    }

    /** Checks an id given in a path or a body. */
    static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException("field 'id' is not valid: expected " + VALID_ID
                    + (id == null ? "" : ", got " + quoted(id)));
        }
    }

    /**
     * Parses and validates a JSON body; unknown fields are ignored, and so is {@code currency} when
     * {@code withCurrency} is false (a release without currencies).
     */
    static EntryRequest parse(byte[] body, ObjectMapper json, boolean withCurrency) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body is not valid JSON: expected an object like "
                    + "{\"id\": \"w-1\", \"account\": \"acc-7\", \"amount\": 120} ("
                    + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("body is not valid: expected a JSON object like "
                    + "{\"id\": \"w-1\", \"account\": \"acc-7\", \"amount\": 120}");
        }
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            throw new InvalidRequestException("field 'id' is missing: expected " + VALID_ID);
        }
        if (!id.isTextual()) {
            throw new InvalidRequestException("field 'id' is not valid: expected " + VALID_ID + ", got " + id);
        }
        JsonNode account = root.get("account");
        if (account == null || account.isNull()) {
            throw new InvalidRequestException("field 'account' is missing: expected a string of 1 to "
                    + MAX_ACCOUNT_LENGTH + " characters");
        }
        if (!account.isTextual()) {
            throw new InvalidRequestException("field 'account' is not valid: expected a string of 1 to "
                    + MAX_ACCOUNT_LENGTH + " characters, got " + account);
        }
        JsonNode amount = root.get("amount");
        String validAmount = "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        if (amount == null || amount.isNull()) {
            throw new InvalidRequestException("field 'amount' is missing: expected " + validAmount);
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw new InvalidRequestException("field 'amount' is not valid: expected " + validAmount + ", got " + amount);
        }
        if (!withCurrency) {
            return new EntryRequest(id.textValue(), account.textValue(), amount.longValue());
        }
        JsonNode currency = root.get("currency");
        if (currency != null && !currency.isNull() && !currency.isTextual()) {
            throw new InvalidRequestException("field 'currency' is not valid: expected " + VALID_CURRENCY + ", got " + currency);
        }
        return new EntryRequest(id.textValue(), account.textValue(), amount.longValue(),
                currency == null || currency.isNull() ? DEFAULT_CURRENCY : currency.textValue());
    }

    private static String quoted(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "' (" + value.length() + " characters)";
    }
}
