package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.FaultProxy;

import dev.firedrill.capability.ServiceCommands;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Makes {@code replica} an asynchronous streaming replica of {@code primary} (docs/stack.md): the
 * fault proxy gets a proxy {@code postgres-replication} leading to the primary; the replica's data
 * volume is replaced by a {@code pg_basebackup -R} taken through that proxy in a one-off container of
 * the same image as the {@code postgres} user (so {@code standby.signal} and {@code primary_conninfo}
 * name the proxy); the replica starts on it, and the step returns once it streams.
 */
record StreamingReplica(String replica, String primary, boolean synchronous) implements Preparation {

    /** An asynchronous replica. */
    StreamingReplica(String replica, String primary) {
        this(replica, primary, false);
    }

    static final String REPLICATION_PROXY = "postgres-replication";
    static final int REPLICATION_PORT = 15432;
    private static final Duration STREAMING_BOUND = Duration.ofSeconds(60);
    private static final String DATA = "/var/lib/postgresql/data";

    @Override
    public String name() {
        return (synchronous ? "synchronous " : "") + "streaming replica(" + replica + " of " + primary + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class, ServiceCommands.class, ServiceFiles.class, OneOffs.class, FaultProxy.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(replica, name());
        system.requireService(primary, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        PostgresLogin login = PostgresLogin.of(system, primary);
        steps.act("allow replication connections on " + primary, () -> {
            ServiceCommands.CommandResult hba = commands(system).exec(primary, "bash", "-c",
                    "grep -q '^host replication all all' \"$PGDATA/pg_hba.conf\" || echo 'host replication all all scram-sha-256'"
                            + " >> \"$PGDATA/pg_hba.conf\"; psql -U \"$POSTGRES_USER\" -d postgres -Atc 'SELECT pg_reload_conf()'");
            if (hba.exitCode() != 0) {
                throw new IllegalStateException("exit " + hba.exitCode() + ": " + hba.stderr().strip());
            }
        });
        String through = steps.run("create proxy " + REPLICATION_PROXY, () -> {
            try {
                return proxy(system).addProxy(REPLICATION_PROXY, REPLICATION_PORT, primary, 5432);
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).contains("exists")) {
                    return proxy(system).hostService().orElseThrow() + ":" + REPLICATION_PORT;
                }
                throw e;
            }
        });
        String[] hostPort = through.split(":");
        steps.act("pg_basebackup through " + REPLICATION_PROXY, () -> {
            processes(system).destroy(replica);
            String data = files(system).volumeOf(replica, DATA);
            OneOff.Result copy = oneOffs(system).run(OneOff.of(replica, "bash", "-c",
                            "set -euo pipefail; pg_basebackup -h \"$PRIMARY_HOST\" -p \"$PRIMARY_PORT\" -D \"$PGDATA\" -R -X stream"
                                    + " -c fast; chmod 700 \"$PGDATA\"")
                    .asUser("postgres")
                    .withEnv(login.environment())
                    .withEnv(Map.of("PGDATA", DATA, "PRIMARY_HOST", hostPort[0], "PRIMARY_PORT", hostPort[1], "REPLICA", replica))
                    .withVolume(data, DATA)
                    .within(Duration.ofMinutes(5)));
            if (!copy.succeeded()) {
                throw new IllegalStateException("pg_basebackup exited " + copy.exitCode() + ": " + copy.output().strip());
            }
        });
        steps.act("start " + replica + " as a standby", () -> processes(system).recreate(replica));
        String status = steps.run("await streaming", () -> awaitStreaming(system, PostgresLogin.of(system, replica)));
        if (synchronous) {
            status += "; " + steps.run("make " + replica + " synchronous", () -> makeSynchronous(system, login));
        }
        return replica + " streams from " + primary + " through " + REPLICATION_PROXY + " (" + through + "): " + status;
    }

    private String awaitStreaming(SystemUnderTest system, PostgresLogin login) {
        AtomicReference<String> last = new AtomicReference<>("(no answer)");
        try {
            await(name() + " streaming").atMost(STREAMING_BOUND).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        last.set(receiverStatus(system, login));
                        return last.get().startsWith("streaming");
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(replica + " is not streaming within " + STREAMING_BOUND + "; WAL receiver: " + last.get());
        }
        return last.get();
    }

    /**
     * {@code synchronous_standby_names = '*'} on the primary (reloaded): a commit returns only once a standby
     * has flushed it. Waits until the primary reports the replica as {@code sync} in {@code pg_stat_replication}.
     */
    private String makeSynchronous(SystemUnderTest system, PostgresLogin login) {
        try (Connection c = login.connect(system, primary); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
            s.execute("SELECT pg_reload_conf()");
            long deadline = System.nanoTime() + STREAMING_BOUND.toNanos();
            String last = "(no standby connected)";
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT coalesce(string_agg(application_name || ' ' || sync_state, ', '), '')"
                        + " FROM pg_stat_replication")) {
                    rs.next();
                    last = rs.getString(1).isEmpty() ? "(no standby connected)" : rs.getString(1);
                    if (last.contains(" sync")) {
                        return "synchronous_standby_names = '*' on " + primary + "; pg_stat_replication: " + last;
                    }
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(replica + " is not a synchronous standby within " + STREAMING_BOUND
                    + "; pg_stat_replication on " + primary + ": " + last);
        } catch (SQLException e) {
            throw new IllegalStateException(primary + " does not answer (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code <status> received up to <lsn>}, or what went wrong asking. */
    String receiverStatus(SystemUnderTest system, PostgresLogin login) {
        try (Connection c = login.connect(system, replica); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'no WAL receiver'),"
                     + " pg_last_wal_receive_lsn(), pg_is_in_recovery()")) {
            rs.next();
            if (!rs.getBoolean(3)) {
                return "not a standby (pg_is_in_recovery() is false)";
            }
            return rs.getString(1) + " received up to " + rs.getString(2);
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
