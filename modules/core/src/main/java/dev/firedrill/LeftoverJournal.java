package dev.firedrill;

import java.util.Collection;

/**
 * Where the runner writes what each fault is about to leave on the system, before it acts, and when it was undone: the
 * fault journal ({@code dev.firedrill.journal.FaultJournal}), which a later start reads to undo what a killed JVM left.
 */
public interface LeftoverJournal {

    /** Records that {@code fault} is about to leave {@code leftover}; returns the entry's id. Written to disk before it returns. */
    String willLeave(String fault, Leftover leftover);

    /** Records that the entries {@code ids} were undone. */
    void undone(Collection<String> ids);

    /** No journal: a drill run outside a run session (a unit test, a runner built by hand). */
    static LeftoverJournal none() {
        return new LeftoverJournal() {
            @Override
            public String willLeave(String fault, Leftover leftover) {
                return "";
            }

            @Override
            public void undone(Collection<String> ids) {
            }
        };
    }
}
