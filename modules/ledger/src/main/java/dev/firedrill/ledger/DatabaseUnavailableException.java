package dev.firedrill.ledger;

/**
 * The database could not do what a request needed in time (answered 503); {@link #reason()} is the
 * short cause, e.g. {@code "connection refused"}.
 */
final class DatabaseUnavailableException extends RuntimeException {

    private final String reason;

    DatabaseUnavailableException(String reason, Throwable cause) {
        super("database unavailable: " + reason, cause);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
