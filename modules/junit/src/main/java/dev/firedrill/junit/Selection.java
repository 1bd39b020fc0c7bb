package dev.firedrill.junit;

import dev.firedrill.Drill;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code ./drill run} selected ({@code firedrill.suite}, {@code firedrill.drill.file}), and how many drills the
 * selection found: Java drills enabled by {@link DrillExtension} and drill files chosen by {@link DrillFileSuite}.
 * It lives in the root extension store: when the JUnit run ends with a selection that found no drill, closing it
 * fails the run, naming the suite, since a run that drills nothing must not pass.
 */
final class Selection implements AutoCloseable {

    private final String suite;
    private final String file;
    private final AtomicInteger drills = new AtomicInteger();
    private final Set<String> suitesSeen = new TreeSet<>();

    Selection(String suite, String file) {
        this.suite = suite == null ? "" : suite.trim();
        this.file = file == null ? "" : file.trim();
    }

    /** The selection of this JVM's run, from the system properties {@code ./drill run} sets through Maven. */
    static Selection fromSystemProperties() {
        return new Selection(System.getProperty("firedrill.suite", ""), System.getProperty("firedrill.drill.file", ""));
    }

    /** The suite selected; empty when none was. */
    String suite() {
        return suite;
    }

    /** Whether a suite (or example) selects the drills, rather than nothing or {@code all}. */
    boolean bySuite() {
        return !suite.isEmpty() && !suite.equals("all");
    }

    /** Whether the selection is one of the catalogue's suites. */
    boolean catalogueSuite() {
        return Drill.CATALOGUE_SUITES.contains(suite);
    }

    /** Whether anything was selected at all: a suite, {@code all}, or one drill file. */
    boolean anything() {
        return !suite.isEmpty() || !file.isEmpty();
    }

    /** {@code count} more drills found. */
    void found(int count) {
        drills.addAndGet(count);
    }

    /** Suites that drill files name, for the message when the suite selected none. */
    void seen(Collection<String> suites) {
        synchronized (suitesSeen) {
            suitesSeen.addAll(suites);
        }
    }

    int drills() {
        return drills.get();
    }

    /**
     * Fails the run when the selection found no drill; nothing when there was no selection. A shard
     * ({@code firedrill.shard}) that found none passes when the suite's plan has units, all in other shards (an empty
     * shard is a valid outcome, said so here and in its evidence's {@code shard_units}); the merged run of the shards
     * fails if it drilled nothing. A plan with no unit at all fails every shard, as an unsharded run would.
     */
    @Override
    public void close() {
        if (!anything() || drills.get() > 0) {
            return;
        }
        var shard = ShardPlanning.shard();
        if (shard.isPresent() && !file.isEmpty()) {
            throw new IllegalStateException(message());
        }
        if (shard.isPresent() && !ShardPlanning.plan(shard.get()).isEmpty()) {
            System.out.println("drill: shard " + shard.get() + " of suite '" + suite + "' selected no drill: the plan put every unit in"
                    + " another shard. An empty shard passes; the merged run (./drill merge) fails if it drilled nothing.");
            return;
        }
        throw new IllegalStateException(message());
    }

    String message() {
        if (!file.isEmpty()) {
            return "the drill file " + file + " selected no drill: a run that drills nothing fails";
        }
        if (!bySuite()) {
            return "the run selected no drill: no drill file and no Java drill ran; a run that drills nothing fails";
        }
        Set<String> known = new LinkedHashSet<>(Drill.CATALOGUE_SUITES);
        synchronized (suitesSeen) {
            known.addAll(suitesSeen);
        }
        return "suite '" + suite + "' selected no drill: no drill file lists it under 'suites' and no Java drill (a @Drills class or"
                + " method) is tagged @Tag(\"" + suite + "\"); a run that drills nothing fails. Suites of the catalogue and of the"
                + " drill files: " + String.join(", ", known);
    }
}
