package dev.firedrill.ledger;

/**
 * A configuration value the ledger cannot start with; the message names the setting, the value and
 * what is valid, e.g. {@code LEDGER_POOL_SIZE='abc' is not valid: expected a whole number from 1 to 1000}.
 */
public final class LedgerConfigException extends IllegalArgumentException {

    private final String setting;

    LedgerConfigException(String setting, String value, String valid) {
        super(value == null
                ? setting + " is missing: expected " + valid
                : setting + "='" + value + "' is not valid: expected " + valid);
        this.setting = setting;
    }

    /** The environment variable or configuration field that was wrong. */
    public String setting() {
        return setting;
    }
}
