package dev.firedrill;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps a drill safe on a system that matters (a shared environment, external mode): an
 * allow-list of the services faults and procedures may act on, the global {@link StopSignal}, and
 * {@link Guard}s whose firing aborts the drill. The runner checks the allow-list before anything
 * starts, the stop before every step and while it waits, and the guards while the drill runs; on a
 * stop or a guard it reverts every injected fault at once (within the watch interval), and the drill
 * ends broken (stopped) or failed (a guard fired), reported as usual.
 *
 * <p>Example: {@code runner.withSafety(SafetyRails.none().allow("ledger", "postgres").stop(StopSignal.standard(dir, System.getenv())))}
 *
 * @param allowed the services that may be acted on; empty = no allow-list
 * @param stop    the global stop
 * @param guards  abort conditions
 */
public record SafetyRails(Optional<Set<String>> allowed, StopSignal stop, List<Guard> guards) {

    /** Record components that name a service an action touches (by the convention of the fault and recovery values). */
    private static final Set<String> SERVICE_COMPONENTS = Set.of("service", "proxy", "replica", "primary", "release", "target",
            "lb", "into", "instances");

    public SafetyRails {
        Objects.requireNonNull(allowed, "SafetyRails.allowed must not be null (empty = no allow-list)");
        allowed = allowed.map(Set::copyOf);
        Objects.requireNonNull(stop, "SafetyRails.stop must not be null; use StopSignal.never()");
        guards = List.copyOf(guards);
    }

    /** No allow-list, a stop that is never set, no guards. */
    public static SafetyRails none() {
        return new SafetyRails(Optional.empty(), StopSignal.never(), List.of());
    }

    /** These rails allowing only {@code services} to be acted on. */
    public SafetyRails allow(String... services) {
        return allow(List.of(services));
    }

    /** These rails allowing only {@code services} to be acted on. */
    public SafetyRails allow(Collection<String> services) {
        return new SafetyRails(Optional.of(new LinkedHashSet<>(services)), stop, guards);
    }

    /** These rails with {@code signal} as the global stop. */
    public SafetyRails stop(StopSignal signal) {
        return new SafetyRails(allowed, signal, guards);
    }

    /** These rails with one more guard. */
    public SafetyRails guard(Guard guard) {
        List<Guard> more = new ArrayList<>(guards);
        more.add(guard);
        return new SafetyRails(allowed, stop, more);
    }

    /** These rails with the guards of {@code more} added. */
    public SafetyRails guards(List<Guard> more) {
        List<Guard> all = new ArrayList<>(guards);
        all.addAll(more);
        return new SafetyRails(allowed, stop, all);
    }

    /**
     * Why the allow-list refuses the drill (every fault, preparation and recovery step outside it), or
     * empty when it may run. A step whose services cannot be known (a script) is refused under an allow-list.
     */
    public List<String> refusals(Drill drill) {
        if (allowed.isEmpty()) {
            return List.of();
        }
        List<String> refused = new ArrayList<>();
        List<Object> actions = new ArrayList<>(drill.faults());
        actions.addAll(drill.preparations());
        actions.addAll(drill.recoveries());
        for (Object action : actions) {
            if (action instanceof Recovery.RevertFaults) {
                continue;
            }
            String name = action instanceof Fault f ? f.name() : action instanceof Recovery r ? r.name() : ((Preparation) action).name();
            Optional<Set<String>> targets = targetsOf(action);
            if (targets.isEmpty()) {
                refused.add(name + ": the services it acts on cannot be known (e.g. a script), so the allow-list "
                        + allowed.get() + " cannot admit it");
                continue;
            }
            Set<String> outside = new LinkedHashSet<>(targets.get());
            outside.removeAll(allowed.get());
            if (!outside.isEmpty()) {
                refused.add(name + ": acts on " + outside + ", not in the allow-list " + allowed.get());
            }
        }
        return refused;
    }

    /** The services a fault, preparation or recovery step acts on, read from its value; empty when it cannot be known. */
    public static Optional<Set<String>> targetsOf(Object action) {
        if (action instanceof ActsOn says) {
            return Optional.of(Set.copyOf(says.actsOn()));
        }
        Class<?> type = action.getClass();
        if (!type.isRecord()) {
            return Optional.empty();
        }
        Set<String> targets = new LinkedHashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Object value;
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(action);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
            if (value instanceof Fault inner) {   // a delayed fault: the one it wraps
                Optional<Set<String>> innerTargets = targetsOf(inner);
                if (innerTargets.isEmpty()) {
                    return Optional.empty();
                }
                targets.addAll(innerTargets.get());
            } else if (SERVICE_COMPONENTS.contains(c.getName()) && value instanceof String s) {
                targets.add(s);
            } else if (SERVICE_COMPONENTS.contains(c.getName()) && value instanceof Collection<?> many) {
                many.forEach(v -> targets.add(String.valueOf(v)));
            }
        }
        return targets.isEmpty() ? Optional.empty() : Optional.of(targets);
    }
}
