package dev.firedrill;

import java.util.Set;

/**
 * A step that says which services it may act on, for the safety rails' allow-list, when its record fields do not name
 * them (a step on a target chosen when it acts: every candidate).
 */
public interface ActsOn {

    /** Every service the step may act on. */
    Set<String> actsOn();
}
