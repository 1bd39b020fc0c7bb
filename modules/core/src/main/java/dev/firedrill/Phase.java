package dev.firedrill;

import java.util.Arrays;

/**
 * The phases of a drill (docs/measurements.md): {@code before} = [start, disruption), {@code during} =
 * [disruption, recovery-started), {@code recovery} = [recovery-started, recovered), {@code after} =
 * [recovered + settle, end).
 */
public enum Phase {
    /** Before the disruption. */
    BEFORE("before"),
    /** From the disruption until the recovery starts. */
    DURING("during"),
    /** From the start of the recovery until the service is recovered. */
    RECOVERY("recovery"),
    /** From recovered plus the settle time until the end. */
    AFTER("after");

    private final String id;

    Phase(String id) {
        this.id = id;
    }

    /** The phase's name in reports and drill files, e.g. {@code "during"}. */
    public String id() {
        return id;
    }

    /** The phase with the given id; {@link IllegalArgumentException} naming the known ids otherwise. */
    public static Phase fromId(String id) {
        for (Phase p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown phase '" + id + "'; known phases: "
                + Arrays.stream(values()).map(Phase::id).toList());
    }
}
