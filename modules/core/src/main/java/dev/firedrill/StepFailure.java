package dev.firedrill;

/**
 * A step that could not complete after producing output (a runbook script that exited non-zero): the
 * message says why, in a few lines (it becomes the drill's reason); {@link #output()} is everything the
 * step printed, kept in the step's record for the report.
 *
 * <p>Example: {@code throw new StepFailure("script(dr-drill.sh) exited 1: ...", fullOutput);}
 */
public class StepFailure extends IllegalStateException {

    private final String output;

    /** A failure with {@code message} (short) and the step's whole {@code output}. */
    public StepFailure(String message, String output) {
        super(message);
        this.output = output == null ? "" : output;
    }

    /** Everything the step printed before it failed. */
    public String output() {
        return output;
    }
}
