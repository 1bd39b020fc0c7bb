package dev.firedrill.measure;

/** What became of one attempt of an operation (docs/measurements.md). */
public enum Outcome {
    /** Invoked, no answer yet. */
    INVOKED("invoked"),
    /** The system said it was done (e.g. HTTP 201/200, a committed INSERT, Redis OK). */
    ACKNOWLEDGED("acknowledged"),
    /** A definite error: the system said it was not done, or it was never sent. */
    FAILED("failed"),
    /** Timeout or connection lost mid-request: it may or may not have happened. */
    INDETERMINATE("indeterminate");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    /** The outcome's name in the ledger file, e.g. {@code "indeterminate"}. */
    public String id() {
        return id;
    }
}
