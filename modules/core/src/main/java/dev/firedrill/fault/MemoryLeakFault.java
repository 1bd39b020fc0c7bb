package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.firedrill.capability.ServiceResources.mebibytes;

/**
 * A leaking API process (runbooks 000 and 001 §High Memory Usage): the reference service leaks native memory at
 * {@code rate} MiB a second ({@code POST /admin/leak?mib-per-second=N}, docs/reference-service.md) until the kernel's OOM
 * killer ends it at its container's memory limit, which {@code limit} sets first when given. Nothing is simulated: the
 * process really grows and really dies.
 *
 * <p>Takes effect when the service's memory was seen growing and the engine reported an OOM kill of its container with
 * the service no longer running, within {@code within}. It <em>acts</em> at the kill: the drill's disruption is the
 * engine's instant of the {@code oom} event (the leak before it is only a service getting fat), and the kill is put on
 * the timeline. Undo stops the leak when the leaking process still runs, restores the memory limit it found unless a
 * procedure changed the limit since (restart-with-limit's limit is the fix, and stays), and starts the service again when
 * it is still down, as a kill's undo does.
 *
 * <p>In a drill file: {@code - {kind: memory-leak, target: ledger, rate: 32, limit: 256m}}.
 *
 * @param service      the service, the reference service or one with its leak endpoint
 * @param mibPerSecond the leak's rate, in MiB a second
 * @param limitBytes   the memory limit set on the container first; empty: the one it has (it must have one)
 * @param within       how long the leak may take to reach the OOM kill
 */
public record MemoryLeakFault(String service, int mibPerSecond, Optional<Long> limitBytes, Duration within) implements Fault {

    /** The reference service's HTTP port. */
    static final int PORT = 8080;
    static final int MAX_RATE = 1024;
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(60);
    /** Below this a JVM does not even start: a limit so low is a mistake, not a drill. */
    static final long MIN_LIMIT = 64L << 20;
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long the engine's oom event may take to reach the watch after the process was seen stopped. */
    private static final Duration REPORT_LAG = Duration.ofSeconds(3);

    public MemoryLeakFault {
        Faults.requireService(service, "memoryLeak");
        if (mibPerSecond < 1 || mibPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("memoryLeak(" + service + "): rate must be a whole number of MiB a second from 1 to " + MAX_RATE
                    + ", got " + mibPerSecond);
        }
        limitBytes = limitBytes == null ? Optional.empty() : limitBytes;
        if (limitBytes.isPresent() && limitBytes.get() < MIN_LIMIT) {
            throw new IllegalArgumentException("memoryLeak(" + service + "): limit must be at least " + mebibytes(MIN_LIMIT)
                    + " (a JVM needs that much to run at all), got " + mebibytes(limitBytes.get()));
        }
        Faults.requirePositive(within, "memoryLeak(" + service + ")", "within");
    }

    /** The kind {@code memory-leak}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("memory-leak", "the reference service leaks native memory at a rate until the kernel"
                            + " OOM-kills it at its container's memory limit; acts at the engine's OOM kill (runbooks 000/001 §High Memory Usage)").target()
                    .param(Param.required("rate", Param.Type.INTEGER, "MiB leaked each second, 1 to " + MAX_RATE).unit("MiB/s"),
                            Param.optional("limit", Param.Type.TEXT, null, "memory limit set on the container first, "
                                    + ServiceResources.SIZE_FORMAT + "; default the limit it has"),
                            Param.optional("within", Param.Type.DURATION, DEFAULT_WITHIN, "bound on the wait for the OOM kill"))
                    .requires(ServiceResources.class, ServiceProcesses.class)
                    .build(a -> new MemoryLeakFault(a.target(), a.integer("rate"),
                            a.has("limit") ? Optional.of(ServiceResources.parseSize(a.text("limit"), "memory-leak(" + a.target() + "): limit"))
                                    : Optional.empty(), a.duration("within"))));
        }
    }

    @Override
    public String name() {
        return "memoryLeak(" + service + ", " + mibPerSecond + " MiB/s" + limitBytes.map(l -> ", limit " + mebibytes(l)).orElse("") + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceResources.class, ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(ServiceResources.class, name());
        system.require(ServiceProcesses.class, name());
        if (!system.ports(service).contains(PORT)) {
            throw new IllegalArgumentException(name() + ": service '" + service + "' has no port " + PORT + "; the leak is the reference"
                    + " service's POST /admin/leak on its port " + PORT + " (its ports: " + system.ports(service) + ")");
        }
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        ServiceResources resources = system.require(ServiceResources.class, name());
        ServiceProcesses processes = system.require(ServiceProcesses.class, name());
        MemoryLimit found = new MemoryLimit(resources, service, resources.limits(service).memoryBytes());
        long limit = limitBytes.orElse(found.before());
        if (limit == 0) {
            throw new IllegalArgumentException(name() + ": service '" + service + "' has no memory limit, so the leak would grow until the"
                    + " host's memory runs out: give the fault a limit, e.g. limit: 256m");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String leaking = processes.startedAt(service);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                try {
                    // Only the process that leaks is told to stop: one started since (the fix) took nothing.
                    if (processes.isRunning(service) && processes.startedAt(service).equals(leaking)) {
                        post(system, http, 0);
                    }
                } finally {
                    found.restore();
                }
                if (!processes.isRunning(service)) {   // OOM-killed and not restarted: started again, as a kill's undo does
                    processes.start(service);
                }
            }
        };
        Instant began = Instant.now();
        if (limitBytes.isPresent()) {
            events.willLeave(Leftover.withStack("memory limit of '" + service + "' set to " + mebibytes(limit) + " (it was "
                    + (found.before() == 0 ? "none" : mebibytes(found.before())) + ")"));
            found.set(limit);
        }
        events.accept(undo);
        try (ServiceResources.OomWatch watch = resources.watchOomKills(service)) {
            long baseline = resources.memoryUsage(service);
            post(system, http, mibPerSecond);
            return awaitKill(resources, processes, watch, events, undone, began, baseline, limit, undo);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    /** Polls the service's memory until it stops running, then takes the engine's report of its OOM kill. */
    private Injection awaitKill(ServiceResources resources, ServiceProcesses processes, ServiceResources.OomWatch watch, FaultEvents events,
                                AtomicBoolean undone, Instant began, long baseline, long limit, Injection undo) {
        long peak = baseline;
        long deadline = System.nanoTime() + within.toNanos();
        while (processes.isRunning(service)) {
            Faults.requireNotUndone(undone, name());
            if (System.nanoTime() - deadline > 0) {
                throw new FaultNotEffectiveException(name() + ": '" + service + "' still ran " + within.toSeconds() + " s after the leak began,"
                        + " at " + mebibytes(peak) + " of its " + mebibytes(limit) + " limit (from " + mebibytes(baseline) + ")");
            }
            try {
                peak = Math.max(peak, resources.memoryUsage(service));
            } catch (RuntimeException stoppedMeanwhile) {
                // the container died between the two calls: the loop sees it
            }
            sleep();
        }
        List<Instant> kills = awaitReport(watch);
        if (kills.isEmpty()) {
            throw new FaultNotEffectiveException(name() + ": '" + service + "' stopped, but the engine reported no OOM kill of it (memory"
                    + " seen from " + mebibytes(baseline) + " to " + mebibytes(peak) + " of its " + mebibytes(limit) + " limit)");
        }
        if (peak - baseline < Math.min(limit / 4, (long) mibPerSecond << 20)) {
            throw new FaultNotEffectiveException(name() + ": '" + service + "' was OOM-killed, but its memory was not seen growing (from "
                    + mebibytes(baseline) + " to at most " + mebibytes(peak) + "): the kill is not the leak's");
        }
        Instant killed = kills.get(0);
        events.acting(killed);
        events.observed("oom-kill", "the kernel OOM-killed '" + service + "' at its " + mebibytes(limit) + " memory limit (engine event oom;"
                + " memory seen from " + mebibytes(baseline) + " to " + mebibytes(peak) + ", " + Duration.between(began, killed).toMillis()
                + " ms after the leak began)", killed);
        return undo;
    }

    /** {@code POST /admin/leak?mib-per-second=rate} on the service's own port (read afresh: it changes when the service restarts). */
    /** The OOM kills the watch saw, waiting up to {@link #REPORT_LAG} for the engine's event to arrive after the process stopped. */
    private List<Instant> awaitReport(ServiceResources.OomWatch watch) {
        long until = System.nanoTime() + REPORT_LAG.toNanos();
        while (watch.kills().isEmpty() && System.nanoTime() - until < 0) {
            sleep();
        }
        return watch.kills();
    }

    private void post(SystemUnderTest system, HttpClient http, int rate) {
        URI leak = system.directEndpoint(service, PORT).httpUri().resolve("/admin/leak?mib-per-second=" + rate);
        HttpRequest request = HttpRequest.newBuilder(leak).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(name() + ": POST " + request.uri() + " answered " + answer.statusCode() + ": " + answer.body()
                        + " (is '" + service + "' the reference service, docs/reference-service.md?)");
            }
        } catch (IOException e) {
            throw new IllegalStateException(name() + ": could not POST " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name() + ": interrupted while calling " + request.uri(), e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultNotEffectiveException(name() + ": interrupted while waiting for the OOM kill");
        }
    }
}
