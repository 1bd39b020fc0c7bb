package dev.firedrill;

/**
 * A fault was injected but could not be seen to take effect within its bound: the drill is broken, not passed.
 */
public final class FaultNotEffectiveException extends RuntimeException {

    public FaultNotEffectiveException(String message) {
        super(message);
    }

    public FaultNotEffectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
