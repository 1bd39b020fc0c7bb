package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceSidecars;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service's CPU burnt (runbook 000 §High CPU Alert): {@code stress-ng --cpu <cores> --cpu-load <load>} runs in a
 * sidecar whose cgroup is nested in the service's ({@link ServiceSidecars}), so the burn competes with the service for
 * the service's own CPU quota: a service limited to one core ({@code cpus: 1}) gets what the burn leaves of that core,
 * and the rest of the machine (the harness, its probes, the other services) keeps the other cores. Without a quota the
 * burn takes up to {@code cores} of the machine's cores.
 *
 * <p>Takes effect, within {@link #EFFECT_BOUND}, when the sidecar runs {@code cores} stress-ng CPU workers and they use,
 * in their cgroup nested in the service's, at least {@link #SEEN_SHARE} of the CPU the burn asks for ({@code cores * load
 * / 100}, at most the service's quota and the machine's cores) over {@link #WINDOW}, read from {@code cpuacct.usage}: the
 * burn's own usage, so that the service's own work (under load it may keep a core busy) cannot pass for the burn. A
 * quarter, not more, because the burn competes for the machine too: on a 2-core machine with a load average of 11 the
 * burn of one core got 0.33 to 0.6 of it; on a quiet one it gets the whole core. On a machine so busy that no process
 * gets its share (a load average of 33 on 2 cores: the burn got 0.19 of its core, the service's whole cgroup 0.23), the
 * burn counts as seen when it holds at least {@link #HELD_OF_SERVICE} of what the service's cgroup gets: the service's
 * CPU goes to the burn, which is the fault. Undo removes the sidecar, whose PID
 * namespace ends with it, taking every stress-ng process along. The burn is bounded three ways: by the service's quota,
 * by stress-ng's {@code --timeout} (the {@code duration} given, else {@link #DEFAULT_BOUND}) should the JVM die before
 * its undo, and by the sweep of the next stack start, which removes the sidecar with the dead run's containers.
 *
 * <p>In a drill file: {@code - {kind: cpu-burn, target: ledger, cores: 2, load: 100}}.
 *
 * @param service  the service whose CPU is burnt
 * @param cores    stress-ng CPU workers, 1 .. 64
 * @param load     percent of a core each worker burns, 1 .. 100
 * @param duration how long the burn lasts at most (stress-ng's {@code --timeout}); empty: {@link #DEFAULT_BOUND}
 */
public record CpuBurnFault(String service, int cores, int load, Optional<Duration> duration) implements Fault {

    static final String IMAGE_DOCKERFILE = "dev/firedrill/images/stress/Dockerfile";
    /** The burn's bound when no duration is given: longer than any drill's phase, short enough to end a forgotten burn. */
    static final Duration DEFAULT_BOUND = Duration.ofMinutes(15);
    static final Duration EFFECT_BOUND = Duration.ofSeconds(15);
    static final Duration WINDOW = Duration.ofSeconds(2);
    /** The share of the CPU asked for that the burn must be seen using (see the class comment for why a quarter). */
    static final double SEEN_SHARE = 0.25;
    /** Else, on a saturated machine, the share of the service's cgroup's CPU the burn must hold. */
    static final double HELD_OF_SERVICE = 0.5;
    private static final String USAGE = "cat /sys/fs/cgroup/cpuacct/cpuacct.usage /sys/fs/cgroup/cpu/cpu.cfs_quota_us"
            + " /sys/fs/cgroup/cpu/cpu.cfs_period_us; nproc";

    public CpuBurnFault {
        Faults.requireService(service, "cpuBurn");
        if (cores < 1 || cores > 64) {
            throw new IllegalArgumentException("cpuBurn(" + service + "): cores (stress-ng CPU workers) must be 1 .. 64, got " + cores);
        }
        if (load < 1 || load > 100) {
            throw new IllegalArgumentException("cpuBurn(" + service + "): load must be a percent of a core per worker, 1 .. 100, got " + load);
        }
        duration = duration == null ? Optional.empty() : duration;
        if (duration.isPresent() && (duration.get().toSeconds() < 1 || duration.get().getNano() != 0)) {
            throw new IllegalArgumentException("cpuBurn(" + service + "): duration must be whole seconds, at least 1 s (stress-ng's --timeout),"
                    + " e.g. 60s, got " + duration.get());
        }
    }

    /** The kind {@code cpu-burn}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("cpu-burn", "stress-ng CPU workers in a sidecar nested in the service's cgroup, so they"
                            + " compete with it under its own CPU quota (runbook 000 §High CPU Alert)").target()
                    .param(Param.optional("cores", Param.Type.INTEGER, 1, "stress-ng CPU workers, 1 .. 64"),
                            Param.optional("load", Param.Type.INTEGER, 100, "percent of a core each worker burns, 1 .. 100"),
                            Param.optional("duration", Param.Type.DURATION, null, "the burn's bound (stress-ng --timeout); default "
                                    + DEFAULT_BOUND.toMinutes() + " min, the undo ends it sooner"))
                    .requires(ServiceSidecars.class, ServiceCommands.class)
                    .build(a -> new CpuBurnFault(a.target(), a.integer("cores"), a.integer("load"),
                            a.has("duration") ? Optional.of(a.duration("duration")) : Optional.empty())));
        }
    }

    @Override
    public String name() {
        return "cpuBurn(" + service + ", " + cores + (cores == 1 ? " core" : " cores") + " at " + load + "%"
                + duration.map(d -> ", " + d.toSeconds() + " s").orElse("") + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceSidecars.class, ServiceCommands.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(ServiceSidecars.class, name());
        system.require(ServiceCommands.class, name());
    }

    /** The stress-ng command line of the sidecar. */
    List<String> command() {
        return List.of("stress-ng", "--cpu", String.valueOf(cores), "--cpu-load", String.valueOf(load),
                "--timeout", duration.orElse(DEFAULT_BOUND).toSeconds() + "s", "--metrics-brief");
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        ServiceSidecars sidecars = system.require(ServiceSidecars.class, name());
        ServiceCommands commands = system.require(ServiceCommands.class, name());
        Duration bound = duration.orElse(DEFAULT_BOUND);
        events.willLeave(Leftover.withStack("a stress-ng sidecar burning " + cores + " x " + load + "% CPU in the cgroup of '" + service
                + "'" + system.startedByRun().map(run -> " (container firedrill-" + run + "-sidecar-cpu-burn-*)").orElse("")
                + ": its --timeout ends it " + bound.toSeconds() + " s after it started; to end it sooner: docker rm -f <that container>"));
        events.acting();
        ServiceSidecars.Sidecar sidecar = sidecars.start(service, new ServiceSidecars.Spec("cpu-burn", "firedrill/stress",
                Map.of("Dockerfile", dockerfile()), command(), cores));
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                sidecar.close();
            }
        };
        events.accept(undo);
        try {
            verify(commands, sidecar, undone);
            return undo;
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    /** Workers running in the sidecar, and the service's cgroup seen busy; else {@link FaultNotEffectiveException}. */
    private void verify(ServiceCommands commands, ServiceSidecars.Sidecar sidecar, AtomicBoolean undone) {
        long deadline = System.nanoTime() + EFFECT_BOUND.toNanos();
        String last = "nothing measured";
        while (System.nanoTime() - deadline < 0) {
            Faults.requireNotUndone(undone, name());
            if (!sidecar.isRunning()) {
                throw new FaultNotEffectiveException(name() + ": the stress-ng sidecar " + sidecar.containerName() + " exited: "
                        + sidecar.logs().strip());
            }
            long workers = workers(sidecar);
            CpuUsage before = usage(commands);
            long burnBefore = burnUsage(sidecar);
            sleep(WINDOW);
            CpuUsage after = usage(commands);
            double burn = (double) (burnUsage(sidecar) - burnBefore) / (after.at() - before.at());
            double busy = after.coresBusySince(before);
            double expected = expectedCores(cores, load, after.quotaCores(), after.machineCores());
            last = String.format(Locale.ROOT, "%d stress-ng CPU workers in cgroup %s, which used %.2f cores over %d s, %.2f asked"
                    + " (%s); the service's cgroup %s, the burn included, %.2f", workers, sidecar.cgroup(), burn, WINDOW.toSeconds(), expected,
                    after.quotaCores() > 0 ? "quota " + after.quotaCores() + " cores" : "no quota, " + after.machineCores() + " cores",
                    sidecar.serviceCgroup(), busy);
            if (workers >= cores && seen(burn, busy, expected)) {
                return;
            }
        }
        throw new FaultNotEffectiveException(name() + ": the burn was not seen within " + EFFECT_BOUND + ": " + last);
    }

    /** Whether the burn is seen: its share of what it asked, or else most of what the service's cgroup got. */
    static boolean seen(double burnCores, double serviceCores, double askedCores) {
        return burnCores >= SEEN_SHARE * askedCores || (burnCores > 0 && burnCores >= HELD_OF_SERVICE * serviceCores);
    }

    /**
     * The cores the burn asks of the service's cgroup: {@code cores * load / 100}, at most its quota (when it has one)
     * and the machine's cores.
     */
    static double expectedCores(int cores, int load, double quotaCores, int machineCores) {
        double asked = cores * load / 100.0;
        double cap = quotaCores > 0 ? Math.min(quotaCores, machineCores) : machineCores;
        return Math.min(asked, cap);
    }

    /** The CPU time the burn's own cgroup used, in nanoseconds. */
    private long burnUsage(ServiceSidecars.Sidecar sidecar) {
        ServiceCommands.CommandResult r = sidecar.exec("cat", "/sys/fs/cgroup/cpuacct/cpuacct.usage");
        if (!r.succeeded()) {
            throw new FaultNotEffectiveException(name() + ": could not read the burn's CPU usage in " + sidecar.containerName() + ": "
                    + r.stderr().strip());
        }
        return Long.parseLong(r.stdout().strip());
    }

    private static long workers(ServiceSidecars.Sidecar sidecar) {
        ServiceCommands.CommandResult r = sidecar.exec("sh", "-c", "for d in /proc/[0-9]*; do cat $d/comm 2>/dev/null; done");
        return r.stdout().lines().filter(l -> l.startsWith("stress-ng-cpu")).count();
    }

    private CpuUsage usage(ServiceCommands commands) {
        ServiceCommands.CommandResult r = commands.exec(service, "sh", "-c", USAGE);
        if (!r.succeeded()) {
            throw new FaultNotEffectiveException(name() + ": could not read the CPU usage of '" + service + "' (" + USAGE + " exited "
                    + r.exitCode() + ": " + r.stderr().strip() + ")");
        }
        return CpuUsage.parse(r.stdout(), System.nanoTime());
    }

    /**
     * One reading of a cgroup's CPU accounting.
     *
     * @param usageNanos   {@code cpuacct.usage}: CPU time used by the cgroup and the cgroups nested in it
     * @param quotaCores   {@code cfs_quota_us / cfs_period_us}, or -1 without a quota
     * @param machineCores the machine's cores ({@code nproc})
     * @param at           when it was read ({@link System#nanoTime()})
     */
    record CpuUsage(long usageNanos, double quotaCores, int machineCores, long at) {

        /** Parses the four lines of {@value #USAGE}. */
        static CpuUsage parse(String text, long at) {
            List<String> lines = text.strip().lines().map(String::strip).toList();
            if (lines.size() != 4) {
                throw new IllegalArgumentException("expected cpuacct.usage, cfs_quota_us, cfs_period_us and nproc, got: " + text.strip());
            }
            long quota = Long.parseLong(lines.get(1));
            long period = Long.parseLong(lines.get(2));
            return new CpuUsage(Long.parseLong(lines.get(0)), quota > 0 && period > 0 ? (double) quota / period : -1,
                    Integer.parseInt(lines.get(3)), at);
        }

        /** The cores the cgroup kept busy on average since {@code earlier}. */
        double coresBusySince(CpuUsage earlier) {
            long elapsed = at - earlier.at;
            return elapsed <= 0 ? 0 : (double) (usageNanos - earlier.usageNanos) / elapsed;
        }
    }

    private static byte[] dockerfile() {
        try (InputStream in = CpuBurnFault.class.getClassLoader().getResourceAsStream(IMAGE_DOCKERFILE)) {
            if (in == null) {
                throw new IllegalStateException("The Dockerfile of the stress-ng sidecar (" + IMAGE_DOCKERFILE + ") is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the Dockerfile of the stress-ng sidecar: " + e.getMessage(), e);
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultNotEffectiveException(name() + ": interrupted while checking the burn");
        }
    }
}
