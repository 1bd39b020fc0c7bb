package dev.firedrill.stack;

/**
 * A stack definition that cannot be used as written: names the file, the field and what is valid.
 */
public final class StackConfigurationException extends IllegalArgumentException {

    public StackConfigurationException(String message) {
        super(message);
    }

    public StackConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
