package dev.firedrill.stack;

/**
 * The harness could not do its job on the stack (start, kill, inspect ...): names the service and the step.
 */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }

    static StackException of(String service, String step, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new StackException("Could not " + step + " service '" + service + "': " + detail, cause);
    }
}
