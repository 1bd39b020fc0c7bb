package dev.firedrill.capability;

import dev.firedrill.Capability;
import dev.firedrill.Leftover;

import java.util.List;

/**
 * The network the services share: a service cut from it (a partition) and joined again, or cut from some peers only
 * (a partial partition, {@link LinkCut}) and those links restored.
 */
public interface Network extends Capability {

    /** Cuts the service from the network: nothing reaches it and it reaches nothing. */
    void disconnect(String service);

    /** Joins the service to the network again, under its names. */
    void reconnect(String service);

    /** Whether the service is attached to the network. */
    boolean isAttached(String service);

    /** The name other services reach {@code service} by on this network (the proxy's upstream alias when a proxy fronts it). */
    String address(String service);

    /**
     * Readies what cutting links needs, acting on no service (a helper image built once), so that {@link #cut} acts at
     * once; called when a fault is checked, before the drill's first fault. An error when the cut cannot be made here.
     */
    void prepareCut(LinkCut cut);

    /**
     * Cuts exactly the links of {@code cut}, every other path left as it is, and reads them back: returns once they are
     * seen in place. Runs {@code acting} once, at the instant it begins to write them (the drill dates the disruption
     * then, not when the slower work before it began).
     *
     * @throws IllegalStateException when the links, read back, are not cut (saying what was seen)
     */
    void cut(LinkCut cut, Runnable acting);

    /** Restores exactly the links {@code cut} cut, read back as gone; nothing when they are restored already. */
    void restore(LinkCut cut);

    /** The cuts in place whose {@link LinkCut#service()} is {@code service}, oldest first. */
    List<LinkCut> cuts(String service);

    /** What {@code cut} leaves on the system should this JVM die before restoring it (the fault journal). */
    default Leftover leftover(LinkCut cut) {
        return Leftover.byHand("restore the links of " + cut.describe() + " (cut " + cut.id() + ")");
    }
}
