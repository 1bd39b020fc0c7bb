package dev.firedrill;

/**
 * Something a drill must achieve, judged on its measurements. Factories live in
 * {@code dev.firedrill.measure.Slos}, e.g. {@code Slos.rto("write", Duration.ofSeconds(45))}.
 */
public interface Objective {

    /** A stable name, e.g. {@code "rto(write)"}. */
    String name();

    /** What it demands, in words, e.g. {@code RTO of path 'write' at most 45 s} (plans and reports); the name by default. */
    default String describe() {
        return name();
    }

    /** Judges the measurements; never throws for a missed objective (the result says so). */
    ObjectiveResult judge(DrillMeasurements m);
}
