package dev.firedrill.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which shard runs which drills ({@code docs/ci.md}): the suite's <em>units</em> (a JUnit class for Java drills, a drill
 * file with its can-fail variant files for drill files), each in exactly one shard, the same on every runner for the
 * same units and history. Units with a measured wall time in the run history ({@link RunHistory#lastWallTimes}) are
 * placed first, longest first (equal times: by name), each onto the least-loaded shard (equal loads: the lower shard).
 * Units without one follow in the order of a stable hash of their name (SHA-256), each onto the least-loaded shard,
 * counted at the median measured time per drill times their drills (a minute per drill when nothing is measured), so
 * that a suite with no history is still even by drills, and not in name order (which groups related drills).
 *
 * <p>Example: {@code ShardPlan.of(units, RunHistory.lastWallTimes(history), 4).unitsOf(Shard.parse("2/4"))}.
 */
public final class ShardPlan {

    /** A unit that a shard runs whole: {@code class:<JUnit class>} or {@code file:<drill id>}, with how many drills it has. */
    public record Unit(String name, int drills) {
        public Unit {
            Objects.requireNonNull(name, "name must not be null");
            if (drills < 1) {
                throw new IllegalArgumentException("unit " + name + " must have a drill, had " + drills);
            }
        }
    }

    /** Where a unit went and why: {@code history} (its last wall time) or {@code hash} (none measured). */
    public record Placement(Unit unit, int shard, long estimatedMs, String by) {
    }

    /** What a drill counts for when no unit of the plan has a measured wall time: a minute (only the ratio matters). */
    static final long UNMEASURED_DRILL_MS = 60_000;

    /** The unit prefix of a JUnit class of drills. */
    public static final String CLASS_UNIT = "class:";
    /** The unit prefix of a drill file (and its can-fail variant files). */
    public static final String FILE_UNIT = "file:";

    private final int total;
    private final Map<String, Placement> byUnit;

    private ShardPlan(int total, Map<String, Placement> byUnit) {
        this.total = total;
        this.byUnit = byUnit;
    }

    /** The unit of the Java drills of {@code testClass} (fully qualified name). */
    public static String classUnit(String testClass) {
        return CLASS_UNIT + testClass;
    }

    /**
     * The unit of each drill file id: a can-fail variant's file ({@code variants} holds its id) goes with the file whose
     * id, followed by '-', begins its own (the longest such, D24-no-scale-out with D24); every other file is its own.
     */
    public static Map<String, String> fileUnits(Collection<String> ids, Set<String> variants) {
        Set<String> drills = new TreeSet<>(ids);
        drills.removeAll(variants);
        Map<String, String> out = new TreeMap<>();
        for (String id : new TreeSet<>(ids)) {
            String base = id;
            if (variants.contains(id)) {
                for (String d : drills) {
                    if (id.startsWith(d + "-") && (base.equals(id) || d.length() > base.length())) {
                        base = d;
                    }
                }
            }
            out.put(id, FILE_UNIT + base);
        }
        return out;
    }

    /**
     * Places {@code units} on {@code total} shards by {@code wallMsByUnit} (a unit's last measured wall time, absent
     * when none); throws when two units share a name.
     */
    public static ShardPlan of(Collection<Unit> units, Map<String, Long> wallMsByUnit, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("a plan needs 1 shard or more, was " + total);
        }
        Map<String, Unit> named = new TreeMap<>();
        for (Unit u : units) {
            if (named.put(u.name(), u) != null) {
                throw new IllegalArgumentException("unit " + u.name() + " is named twice");
            }
        }
        List<Unit> measured = new ArrayList<>();
        List<Unit> unmeasured = new ArrayList<>();
        List<Double> perDrill = new ArrayList<>();
        for (Unit u : named.values()) {
            Long ms = wallMsByUnit.get(u.name());
            if (ms != null && ms >= 0) {
                measured.add(u);
                perDrill.add(ms / (double) u.drills());
            } else {
                unmeasured.add(u);
            }
        }
        perDrill.sort(Comparator.naturalOrder());
        double perDrillEstimate = perDrill.isEmpty() ? UNMEASURED_DRILL_MS : perDrill.get(perDrill.size() / 2);
        long[] loads = new long[total];
        Map<String, Placement> out = new LinkedHashMap<>();
        measured.sort(Comparator.<Unit>comparingLong(u -> wallMsByUnit.get(u.name())).reversed().thenComparing(Unit::name));
        for (Unit u : measured) {
            long ms = wallMsByUnit.get(u.name());
            int shard = leastLoaded(loads);
            loads[shard] += ms;
            out.put(u.name(), new Placement(u, shard + 1, ms, "history"));
        }
        unmeasured.sort(Comparator.<Unit>comparingLong(u -> hash(u.name())).thenComparing(Unit::name));
        for (Unit u : unmeasured) {
            long estimate = Math.round(perDrillEstimate * u.drills());
            int shard = leastLoaded(loads);
            loads[shard] += estimate;
            out.put(u.name(), new Placement(u, shard + 1, estimate, "hash"));
        }
        return new ShardPlan(total, out);
    }

    /** The shard (0-based) with the least load; the lower one of equal loads. */
    private static int leastLoaded(long[] loads) {
        int least = 0;
        for (int s = 1; s < loads.length; s++) {
            if (loads[s] < loads[least]) {
                least = s;
            }
        }
        return least;
    }

    /** A stable order for {@code name}: the first 8 bytes of its SHA-256, as an unsigned number shifted to fit a long. */
    static long hash(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public int total() {
        return total;
    }

    /** Whether the plan has no unit at all: the suite selects nothing, in every shard. */
    public boolean isEmpty() {
        return byUnit.isEmpty();
    }

    /** Whether {@code unit} runs in {@code shard}; a unit the plan does not know runs nowhere. */
    public boolean runs(Shard shard, String unit) {
        requireSameTotal(shard);
        Placement p = byUnit.get(unit);
        return p != null && p.shard() == shard.index();
    }

    /** Whether the plan knows {@code unit}. */
    public boolean knows(String unit) {
        return byUnit.containsKey(unit);
    }

    /** The units of {@code shard}, by name. */
    public List<String> unitsOf(Shard shard) {
        requireSameTotal(shard);
        return byUnit.values().stream().filter(p -> p.shard() == shard.index()).map(p -> p.unit().name()).sorted().toList();
    }

    /** Every placement, by name. */
    public List<Placement> placements() {
        return byUnit.values().stream().sorted(Comparator.comparing(p -> p.unit().name())).toList();
    }

    /** The estimated milliseconds of each shard (index 0 = shard 1). */
    public long[] loads() {
        long[] loads = new long[total];
        byUnit.values().forEach(p -> loads[p.shard() - 1] += p.estimatedMs());
        return loads;
    }

    /**
     * One line per shard: its drills, its estimated time (from the history; a minute per drill stands in when nothing is
     * measured) and how many of its units were measured, then its units, for the run's log.
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        long[] loads = loads();
        for (int i = 1; i <= total; i++) {
            int index = i;
            List<Placement> mine = byUnit.values().stream().filter(p -> p.shard() == index).toList();
            int drills = mine.stream().mapToInt(p -> p.unit().drills()).sum();
            long measured = mine.stream().filter(p -> p.by().equals("history")).count();
            s.append("shard ").append(index).append('/').append(total).append(": ").append(drills).append(drills == 1 ? " drill" : " drills")
                    .append(", ~").append(Math.round(loads[i - 1] / 1000.0)).append(" s estimated (").append(measured).append(" of ")
                    .append(mine.size()).append(" units measured): ")
                    .append(mine.isEmpty() ? "nothing" : String.join(", ", unitsOf(new Shard(index, total)))).append('\n');
        }
        return s.toString();
    }

    private void requireSameTotal(Shard shard) {
        if (shard.total() != total) {
            throw new IllegalArgumentException("shard " + shard + " is not of this plan of " + total + " shards");
        }
    }
}
