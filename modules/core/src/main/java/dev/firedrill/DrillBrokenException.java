package dev.firedrill;

/**
 * The harness could not do its job in a drill (steady state never proven, a fault that did not take
 * effect, a recovery step that threw): the drill errors, it neither passes nor fails.
 */
public final class DrillBrokenException extends RuntimeException {

    private final transient DrillResult result;

    public DrillBrokenException(DrillResult result) {
        super("Drill " + result.drillId() + " (" + result.title() + ") is broken: " + result.reason());
        this.result = result;
    }

    /** The recorded result, verdict {@code broken}. */
    public DrillResult result() {
        return result;
    }
}
