package dev.firedrill.ledger;

/**
 * A request the ledger refuses (answered 400); the message names the field and what is valid.
 */
final class InvalidRequestException extends RuntimeException {

    private final int status;

    InvalidRequestException(String message) {
        this(400, message);
    }

    InvalidRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
