package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/** A process fault on a service's container: kill it, and start it again to undo. */
record ProcessFault(String service, Action action) implements Fault {

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    enum Action { KILL }

    @Override
    public String name() {
        return action.name().toLowerCase() + "(" + service + ")";
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        stack.kill(service);
        try {
            await("process of '" + service + "' gone").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> !stack.isRunning(service));
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(name() + ": the container of '" + service + "' still runs " + EFFECT_BOUND + " after SIGKILL");
        }
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true) && !stack.isRunning(service)) {
                stack.start(service);
            }
        };
    }
}
