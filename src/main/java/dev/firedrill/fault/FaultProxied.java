package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A system Firedrill did not start (external mode) whose dependencies sit behind a Toxiproxy-compatible
 * API: network faults (latency, bandwidth, blackhole, down, reset-peer, ...) act through that API, on the
 * proxy in front of the target; on its PostgreSQL services (a {@code jdbc:postgresql} URL) the faults and
 * procedures acting only through SQL sessions apply too; faults that need a container stack do not apply and say so.
 *
 * <p>Example: {@code Faults.latency("postgres", ofMillis(800)).inject(externalSystem)}
 */
public interface FaultProxied extends SystemUnderTest {

    /** The Toxiproxy API, when the system has one. */
    Optional<Endpoint> faultProxyApi();

    /** The name of the proxy in front of {@code service}, when one fronts it. */
    Optional<String> proxyFor(String service);

    /** The services a proxy fronts (the valid targets of network faults). */
    List<String> proxiedServices();

    /** How the harness checks a fault's effect on {@code service}: {@code http}, {@code postgres} or {@code redis}. */
    String protocol(String service);

    /** Where the drill's clients reach {@code service} (through its proxy). */
    Endpoint serviceEndpoint(String service);

    /** The URL given for {@code service}, where its clients reach it, e.g. {@code jdbc:postgresql://127.0.0.1:15432/ledger}. */
    URI url(String service);

    /**
     * Where faults and procedures acting through SQL sessions open theirs on {@code service} (see {@link Postgres}):
     * its admin URL when one is given (the server itself, bypassing its proxy), else {@link #url}.
     */
    URI adminUrl(String service);
}
