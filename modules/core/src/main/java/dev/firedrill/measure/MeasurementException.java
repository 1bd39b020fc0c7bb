package dev.firedrill.measure;

/**
 * The harness could not measure: a writer, probe or read-back failed to reach its endpoint. The
 * message names the endpoint and the step; never a missed objective (that is an AssertionError).
 */
public class MeasurementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure of {@code step} against {@code endpoint}. */
    public MeasurementException(String endpoint, String step, Throwable cause) {
        super("Could not " + step + " at " + endpoint + ": " + describe(cause), cause);
    }

    /** A failure of {@code step} against {@code endpoint} with an explanation. */
    public MeasurementException(String endpoint, String step, String why) {
        super("Could not " + step + " at " + endpoint + ": " + why);
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
