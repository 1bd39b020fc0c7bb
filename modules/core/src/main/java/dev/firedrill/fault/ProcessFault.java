package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.ServiceProcesses;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * A process fault on a service's container: kill (SIGKILL), stop (SIGTERM, SIGKILL after the grace),
 * pause (frozen) or restart. Takes effect when the engine reports the process gone, frozen or started
 * anew; undo starts (or unpauses) it again when it is still down.
 */
record ProcessFault(String service, Action action, Duration grace) implements ServiceFault {

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    enum Action { KILL, STOP, PAUSE, RESTART }

    ProcessFault(String service, Action action) {
        this(service, action, Duration.ofSeconds(10));
    }

    ProcessFault {
        Faults.requireService(service, action == null ? "process" : action.name().toLowerCase());
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException(action.name().toLowerCase() + "(" + service + "): grace must be zero or more, got " + grace);
        }
    }

    @Override
    public String name() {
        return action.name().toLowerCase() + "(" + service + (action == Action.STOP ? ", grace " + grace.toSeconds() + " s" : "") + ")";
    }

    @Override
    public Injection injectInto(ServiceProcesses processes) {
        Duration bound = EFFECT_BOUND.plus(action == Action.STOP || action == Action.RESTART ? grace : Duration.ZERO);
        switch (action) {
            case KILL -> {
                processes.kill(service);
                verify("process of '" + service + "' gone", bound, () -> !processes.isRunning(service),
                        "the container of '" + service + "' still runs " + bound + " after SIGKILL");
            }
            case STOP -> {
                processes.stop(service, grace);
                verify("process of '" + service + "' stopped", bound, () -> !processes.isRunning(service),
                        "the container of '" + service + "' still runs " + bound + " after SIGTERM");
            }
            case PAUSE -> {
                processes.pause(service);
                verify("process of '" + service + "' frozen", bound, () -> processes.isPaused(service),
                        "the container of '" + service + "' is not paused " + bound + " after the pause");
            }
            case RESTART -> {
                String before = processes.startedAt(service);
                processes.restart(service);
                verify("process of '" + service + "' started anew", bound,
                        () -> processes.isRunning(service) && !before.equals(processes.startedAt(service)),
                        "the container of '" + service + "' did not start anew (started at " + before + ")");
            }
            default -> throw new IllegalStateException("unknown action " + action);
        }
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (!undone.compareAndSet(false, true)) {
                return;
            }
            if (processes.isPaused(service)) {
                processes.unpause(service);
            } else if (!processes.isRunning(service)) {
                processes.start(service);
            }
        };
    }

    private void verify(String alias, Duration bound, BooleanSupplier condition, String failure) {
        try {
            await(alias).atMost(bound).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(name() + ": " + failure);
        }
    }
}
