package dev.firedrill.measure;

import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.access.Postgres;
import dev.firedrill.access.ServiceJobs;
import redis.clients.jedis.Jedis;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The watch behind {@code jobs-exactly-once}: when the drill starts it reads the database's clock; when the drill ends it
 * waits (at most {@code settle}) for the queue to be empty, nothing to be left unacknowledged and every job recorded
 * since that moment to have run, then notes on the timeline ({@link #NOTE}) what the results store and the queue say:
 * the service's {@code jobs} and the worker's {@code job_executions} in PostgreSQL, {@code LLEN} of the queue and
 * {@code HLEN unacked} in Redis. Redis and PostgreSQL are reached directly, not through the fault proxy, so a fault on
 * the proxy cannot hide what they hold. Not a steady-state probe: it observes nothing until the end.
 *
 * @param postgres the PostgreSQL service holding the service's tables
 * @param redis    the Redis service holding the queue
 * @param queue    the queue's list
 * @param settle   how long the end of the drill waits for the queue to drain and the jobs to run
 */
record JobAudit(String postgres, String redis, String queue, Duration settle) implements Function<SystemUnderTest, Probe> {

    static final String NOTE = "job-audit";
    static final String PATH = "job-audit";

    @Override
    public Probe apply(SystemUnderTest system) {
        return new Probe() {
            @Override
            public String path() {
                return PATH;
            }

            @Override
            public boolean steadyState() {
                return false;
            }

            @Override
            public Running start(Timeline timeline) {
                Instant since;
                try (Connection session = Postgres.sessions(system, postgres, "the job audit").connect(postgres, "firedrill-job-audit")) {
                    since = ServiceJobs.databaseNow(session);
                } catch (SQLException e) {
                    throw new MeasurementException(postgres, "read the clock for the job audit", e);
                }
                timeline.note(NOTE + "-start", "jobs counted from " + since + " (" + postgres + "'s clock)");
                return new AuditAtClose(PATH, () -> timeline.note(NOTE, audit(system, since)));
            }
        };
    }

    /** The audit once settled, or after {@code settle} as it then stands; a failure to read is said in the note. */
    private String audit(SystemUnderTest system, Instant since) {
        long deadline = System.nanoTime() + settle.toNanos();
        try (Connection session = Postgres.sessions(system, postgres, "the job audit").connect(postgres, "firedrill-job-audit");
             Jedis jedis = dev.firedrill.access.Redis.connect(system, redis)) {
            ServiceJobs.Audit audit = ServiceJobs.audit(session, jedis, queue, since);
            while (!settled(audit) && System.nanoTime() - deadline < 0) {
                Thread.sleep(500);
                audit = ServiceJobs.audit(session, jedis, queue, since);
            }
            return audit.text() + (settled(audit) ? "" : " (not settled within " + settle.toSeconds() + " s)");
        } catch (SQLException | RuntimeException e) {
            return "unreadable: " + MeasurementException.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreadable: interrupted";
        }
    }

    private static boolean settled(ServiceJobs.Audit audit) {
        return audit.queued() == 0 && audit.unacked() == 0 && audit.neverRan() == 0;
    }
}
