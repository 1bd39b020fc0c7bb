package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.stack.Stack;
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
    public Injection injectInto(Stack stack) {
        Duration bound = EFFECT_BOUND.plus(action == Action.STOP || action == Action.RESTART ? grace : Duration.ZERO);
        switch (action) {
            case KILL -> {
                stack.kill(service);
                verify("process of '" + service + "' gone", bound, () -> !stack.isRunning(service),
                        "the container of '" + service + "' still runs " + bound + " after SIGKILL");
            }
            case STOP -> {
                stack.stop(service, grace);
                verify("process of '" + service + "' stopped", bound, () -> !stack.isRunning(service),
                        "the container of '" + service + "' still runs " + bound + " after SIGTERM");
            }
            case PAUSE -> {
                stack.pause(service);
                verify("process of '" + service + "' frozen", bound, () -> Containers.paused(stack, service),
                        "the container of '" + service + "' is not paused " + bound + " after the pause");
            }
            case RESTART -> {
                String before = Containers.startedAt(stack, service);
                stack.restart(service);
                verify("process of '" + service + "' started anew", bound,
                        () -> stack.isRunning(service) && !before.equals(Containers.startedAt(stack, service)),
                        "the container of '" + service + "' did not start anew (started at " + before + ")");
            }
            default -> throw new IllegalStateException("unknown action " + action);
        }
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (!undone.compareAndSet(false, true)) {
                return;
            }
            if (Containers.paused(stack, service)) {
                stack.unpause(service);
            } else if (!stack.isRunning(service)) {
                stack.start(service);
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
