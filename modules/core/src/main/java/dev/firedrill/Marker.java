package dev.firedrill;

import java.util.Arrays;

/** The markers a drill puts on its {@link Timeline} ({@code docs/measurements.md}). Example: {@code Marker.DISRUPTION.id()} is {@code "disruption"}. */
public enum Marker {
    /** The steady state was proven before the fault. */
    STEADY_PROVEN("steady-proven"),
    /**
     * The instant the fault acted (the signal sent, the proxy disabled, the toxic added, the network cut; with several
     * faults, the last of them), or the disaster or bad change happened. RTO counts from here.
     */
    DISRUPTION("disruption"),
    /** A fault's check saw it take effect (one per fault; never before its {@code disruption}). */
    FAULT_VERIFIED("fault-verified"),
    /** The recovery procedure started (for a plain revert: when the fault was reverted). */
    RECOVERY_STARTED("recovery-started"),
    /** The recovery procedure finished. */
    RECOVERY_FINISHED("recovery-finished"),
    /** The fault was undone. */
    FAULT_REVERTED("fault-reverted"),
    /** The service was steady again. */
    RECOVERED("recovered"),
    /** A backup snapshot was taken, or the point-in-time target. */
    RECOVERY_POINT("recovery-point"),
    /** The drill ended. */
    END("end");

    private final String id;

    Marker(String id) {
        this.id = id;
    }

    /** The marker's name in reports and drill files, e.g. {@code "recovery-started"}. */
    public String id() {
        return id;
    }

    /** The marker with the given id; {@link IllegalArgumentException} naming the known ids otherwise. */
    public static Marker fromId(String id) {
        for (Marker m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown marker '" + id + "'; known markers: "
                + Arrays.stream(values()).map(Marker::id).toList());
    }
}
