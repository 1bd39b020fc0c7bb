package dev.firedrill.fault;

/**
 * The harness could not inject or undo a fault (the proxy API, the database or Docker failed): names
 * the fault, the service and the step. Never a misuse (that is an {@link IllegalArgumentException}).
 */
public final class FaultException extends RuntimeException {

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }

    public FaultException(String message) {
        super(message);
    }

    static FaultException of(String fault, String service, String step, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new FaultException(fault + ": could not " + step + " on service '" + service + "': " + detail, cause);
    }
}
