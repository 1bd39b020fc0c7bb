package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Adds toxics to the proxy fronting a service, checks their effect, and removes exactly them on undo. */
final class ToxicInjector {

    /** How long a toxic fault may take to be seen, beyond the time its own check needs. */
    static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    @FunctionalInterface
    interface Creator {
        Toxic create(ToxicList toxics, String name, ToxicDirection stream) throws IOException;
    }

    /** What a client sees once the toxics act; returns a description, or null while not (yet) seen. */
    @FunctionalInterface
    interface Check {
        String seen(Endpoint endpoint, RoundTrip.Protocol protocol, AtomicReference<RoundTrip.Result> last);

        /** A fresh round trip takes at least {@code least}. */
        static Check roundTripAtLeast(Duration least) {
            return (endpoint, protocol, last) -> {
                RoundTrip.Result r = RoundTrip.once(endpoint, protocol, least.multipliedBy(4).plusSeconds(2));
                last.set(r);
                return r.answered() && r.elapsed().compareTo(least) >= 0
                        ? "a round trip took " + r.elapsed().toMillis() + " ms (at least " + least.toMillis() + " ms expected)" : null;
            };
        }

        /** A fresh connection is accepted and held, and nothing comes back within {@code wait}. */
        static Check noAnswerWithin(Duration wait) {
            return (endpoint, protocol, last) -> {
                RoundTrip.Result r = RoundTrip.once(endpoint, protocol, wait);
                last.set(r);
                return r.outcome() == RoundTrip.Outcome.NO_ANSWER ? "connection held, no answer within " + wait.toMillis() + " ms" : null;
            };
        }

        /** A fresh connection is reset (or closed) instead of answered. */
        static Check resetWithin(Duration wait) {
            return (endpoint, protocol, last) -> {
                RoundTrip.Result r = RoundTrip.once(endpoint, protocol, wait);
                last.set(r);
                return r.outcome() == RoundTrip.Outcome.RESET || r.outcome() == RoundTrip.Outcome.CLOSED
                        ? "connection " + r : null;
            };
        }

        /** Only the proxy's listing of the toxic (a data limit's effect depends on how much a client sends). */
        static Check listedOnly() {
            return (endpoint, protocol, last) -> "listed by the proxy";
        }

        /** The service still answers (toxics that reshape the stream without stopping it). */
        static Check stillAnswers(Duration wait) {
            return (endpoint, protocol, last) -> {
                RoundTrip.Result r = RoundTrip.once(endpoint, protocol, wait);
                last.set(r);
                return r.answered() ? "still answers, " + r : null;
            };
        }
    }

    private final Fault fault;
    private final String service;
    private final Direction direction;

    ToxicInjector(Fault fault, String service, Direction direction) {
        this.fault = fault;
        this.service = service;
        this.direction = direction;
    }

    /** Adds the toxics (the instant they act), hands their removal to {@code events} (see {@link Fault#inject(SystemUnderTest, FaultEvents)}), then checks their effect. */
    Injection inject(SystemUnderTest system, FaultEvents events, Creator creator, Check check) {
        ProxyTarget target = ProxyTarget.of(system, fault.name(), service);
        Proxy proxy = target.proxy(fault.name());
        List<Toxic> added = new ArrayList<>();
        String id = UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                remove(added);
            }
        };
        try {
            events.acting();   // the first toxic acts as it is added
            for (ToxicDirection stream : direction.streams()) {
                String name = "firedrill-" + id + "-" + stream.name().toLowerCase();
                events.willLeave(Leftover.toxic(target.api(), target.proxyName(), name));
                added.add(creator.create(proxy.toxics(), name, stream));
            }
            events.accept(undo);
            verifyListed(proxy, added);
            verifyEffect(target, check, undone);
            return undo;
        } catch (IOException e) {
            undo.close();
            throw FaultException.of(fault.name(), service, "add toxics to the proxy fronting it", e);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    private void verifyListed(Proxy proxy, List<Toxic> added) throws IOException {
        Set<String> listed = proxy.toxics().getAll().stream().map(Toxic::getName).collect(Collectors.toSet());
        for (Toxic toxic : added) {
            if (!listed.contains(toxic.getName())) {
                throw new FaultNotEffectiveException(fault.name() + ": the proxy fronting '" + service
                        + "' does not list toxic '" + toxic.getName() + "' after adding it; it lists " + listed);
            }
        }
    }

    private void verifyEffect(ProxyTarget target, Check check, AtomicBoolean undone) {
        Endpoint endpoint = target.endpoint();
        RoundTrip.Protocol protocol = target.protocol();
        AtomicReference<RoundTrip.Result> last = new AtomicReference<>();
        AtomicReference<String> seen = new AtomicReference<>();
        try {
            await(fault.name() + " seen by a client").atMost(EFFECT_BOUND.plus(Duration.ofSeconds(20)))
                    .pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> {
                        Faults.requireNotUndone(undone, fault.name());
                        seen.set(check.seen(endpoint, protocol, last));
                        return seen.get() != null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(fault.name() + ": not seen through the proxy at " + endpoint
                    + " within the bound; last " + protocol.name().toLowerCase() + " round trip: " + last.get());
        }
    }

    private void remove(List<Toxic> toxics) {
        List<String> failures = new ArrayList<>();
        for (Toxic toxic : toxics) {
            try {
                toxic.remove();
            } catch (IOException e) {
                if (!ProxyTarget.notFound(e)) {
                    failures.add(toxic.getName() + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new FaultException(fault.name() + ": could not remove toxics from the proxy fronting '" + service + "': " + failures);
        }
    }
}
