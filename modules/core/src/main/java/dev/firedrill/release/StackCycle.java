package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceProcesses;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The maintenance window's "docker compose down ... docker compose up -d" (runbook 000 §Scheduled Maintenance, 001 §Full
 * Rollback): the system's services taken down, their containers removed and their named volumes kept, then brought up
 * again, dependencies first, each waited for until ready. The fault proxy is never taken down: it stands for the
 * network. Services named in {@code keep} stay up too: an edge that serves the maintenance page while the application
 * is down, as a load balancer outside the application's Compose project does.
 *
 * <p>Example: {@code recovery(StackCycle.down("edge"), ..., StackCycle.up())}.
 */
public final class StackCycle {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private StackCycle() {
    }

    /** Every service but {@code keep} (and the fault proxy) stopped with a 10 s grace and removed. */
    public static Down down(String... keep) {
        return new Down(Set.of(keep), GRACE);
    }

    /** Every service without a running container brought up, dependencies first. */
    public static Up up() {
        return new Up();
    }

    /**
     * {@code docker compose down}: the services stopped (SIGTERM, SIGKILL after {@code grace}), dependents first, and
     * removed; volumes kept.
     *
     * @param keep  services left running (the fault proxy always is)
     * @param grace time between SIGTERM and SIGKILL
     */
    public record Down(Set<String> keep, Duration grace) implements Recovery {

        public Down {
            keep = Set.copyOf(new TreeSet<>(keep));
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("stack-down: 'grace' is the time between SIGTERM and SIGKILL, e.g. 10s; got " + grace);
            }
        }

        @Override
        public String name() {
            return "stack-down" + (keep.isEmpty() ? "" : "(keeping " + String.join(", ", new TreeSet<>(keep)) + ")");
        }

        @Override
        public Set<Class<? extends Capability>> requires() {
            return Set.of(ServiceProcesses.class);
        }

        @Override
        public void validate(SystemUnderTest system) {
            keep.forEach(service -> system.requireService(service, name()));
            system.require(ServiceProcesses.class, name());
        }

        @Override
        public String run(SystemUnderTest system) {
            List<String> taken = system.require(ServiceProcesses.class, name()).down(keep, grace);
            if (taken.isEmpty()) {
                throw new IllegalStateException(name() + ": no service was up to take down");
            }
            return "took down " + String.join(", ", taken) + " (containers removed, volumes kept)";
        }
    }

    /** {@code docker compose up -d}: every service without a running container created or started, each ready. */
    public record Up() implements Recovery {

        @Override
        public String name() {
            return "stack-up";
        }

        @Override
        public Set<Class<? extends Capability>> requires() {
            return Set.of(ServiceProcesses.class);
        }

        @Override
        public void validate(SystemUnderTest system) {
            system.require(ServiceProcesses.class, name());
        }

        @Override
        public String run(SystemUnderTest system) {
            List<String> brought = system.require(ServiceProcesses.class, name()).up();
            return brought.isEmpty() ? "every service was already up" : "brought up " + String.join(", ", brought) + ", each ready";
        }
    }
}
