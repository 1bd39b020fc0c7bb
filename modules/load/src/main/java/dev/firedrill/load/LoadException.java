package dev.firedrill.load;

/** The harness could not run the load (Gatling crashed, the simulation could not start); names the step. */
public class LoadException extends RuntimeException {

    /** With a message naming the simulation and the step. */
    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** With a message naming the simulation and the step. */
    public LoadException(String message) {
        super(message);
    }
}
