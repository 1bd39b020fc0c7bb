package dev.firedrill.recovery;


import dev.firedrill.Marker;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Marks the point-in-time target just before the bad change (docs/measurements.md: D10 sets
 * {@code recovery-point} itself): the harness's instant, truncated to microseconds, is the
 * {@code recovery_target_time}. The containers share the host's clock, so every write acknowledged
 * before it committed before it and every write invoked after it commits after it; the step checks
 * the server's {@code clock_timestamp()} agrees within {@link #CLOCK_TOLERANCE}. The target is kept
 * for the stack's run (as an operator writes it into the incident log), where the restore reads it;
 * nothing slow runs between the mark and the bad change that follows.
 */
record RecoveryTarget(String service) implements Preparation {

    static final Duration CLOCK_TOLERANCE = Duration.ofMillis(250);

    @Override
    public String name() {
        return "mark recovery target(" + service + ")";
    }

    /** Per system under test (while it lives), the target recorded for each service. */
    private static final Map<SystemUnderTest, Map<String, Instant>> TARGETS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The target recorded for {@code service} of this stack, or a recovery error naming what to do. */
    static Instant recorded(SystemUnderTest system, String service) {
        Instant target = TARGETS.getOrDefault(system, Map.of()).get(service);
        if (target == null) {
            throw new IllegalStateException("no recovery target recorded for '" + service + "' in this run; put"
                    + " Backups.recoveryTarget(\"" + service + "\") before the bad change");
        }
        return target;
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        PostgresLogin login = PostgresLogin.of(system, service);
        Instant server;
        TimePoint before;
        TimePoint after;
        try (Connection c = login.connect(system, service); Statement s = c.createStatement()) {
            before = timeline.clock().now();
            try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                server = rs.getTimestamp(1).toInstant();
            }
            after = timeline.clock().now();
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": step 'read the server clock' failed: " + e.getMessage(), e);
        }
        if (server.isBefore(before.wall().minus(CLOCK_TOLERANCE)) || server.isAfter(after.wall().plus(CLOCK_TOLERANCE))) {
            throw new IllegalStateException(name() + ": step 'compare clocks' failed: the server's clock reads " + server
                    + ", the harness's " + before.wall() + " .. " + after.wall() + "; a recovery_target_time needs clocks within "
                    + CLOCK_TOLERANCE.toMillis() + " ms");
        }
        TimePoint target = timeline.clock().now();
        Instant targetTime = target.wall().truncatedTo(ChronoUnit.MICROS);
        TARGETS.computeIfAbsent(system, s -> new ConcurrentHashMap<>()).put(service, targetTime);
        timeline.mark(Marker.RECOVERY_POINT, "recovery_target_time " + targetTime, target);
        return "recovery_target_time " + targetTime + " (server clock within "
                + Duration.between(before.wall(), server).abs().toMillis() + " ms of the harness's)";
    }
}
