package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.stack.Stack;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A partition: the service's container is disconnected from the stack network. Takes effect when the
 * container is no longer on the network and, for a proxied service, a round trip through the proxy fails
 * (the proxy cannot reach it). Undo (and {@code Recoveries.healPartition}) reconnects it.
 */
record PartitionFault(String service) implements ServiceFault {

    static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    PartitionFault {
        Faults.requireService(service, "partition");
    }

    @Override
    public String name() {
        return "partition(" + service + ")";
    }

    @Override
    public Injection injectInto(Stack stack) {
        stack.disconnect(service);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                Partitions.heal(stack, service, name());
            }
        };
        try {
            AtomicReference<String> last = new AtomicReference<>("not checked");
            boolean proxied = stack.definition().proxied(service);
            Endpoint endpoint = proxied ? stack.endpoint(service, stack.definition().service(service).ports().get(0)) : null;
            RoundTrip.Protocol protocol = RoundTrip.protocolOf(stack.definition(), service);
            await(name() + " cut from the network").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> {
                        if (Containers.onNetwork(stack, service)) {
                            last.set("the container is still attached to the stack network");
                            return false;
                        }
                        if (!proxied) {
                            return true;
                        }
                        RoundTrip.Result r = RoundTrip.once(endpoint, protocol, Duration.ofSeconds(2));
                        last.set("a round trip through the proxy: " + r);
                        return !r.answered();
                    });
        } catch (ConditionTimeoutException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": '" + service + "' still reachable " + EFFECT_BOUND + " after the disconnect");
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
        return undo;
    }
}
