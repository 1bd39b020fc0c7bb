package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;

/** The proxy in front of a service, on a Firedrill stack or an external system: its API, its name, and where clients reach it. */
record ProxyTarget(Endpoint api, String proxyName, String service, Endpoint endpoint, RoundTrip.Protocol protocol) {

    /** The proxy in front of {@code service}, or an error saying why a network fault does not apply there. */
    static ProxyTarget of(SystemUnderTest system, String action, String service) {
        system.requireService(service, action);
        FaultProxy proxy = system.require(FaultProxy.class, action);
        FaultProxy.Route route = proxy.route(service, action);
        return new ProxyTarget(proxy.api(), route.proxy(), service, route.endpoint(), RoundTrip.Protocol.of(route.protocol()));
    }

    /** Whether the API said the proxy or toxic does not exist (any more). */
    static boolean notFound(IOException e) {
        return String.valueOf(e.getMessage()).contains("[404]") || e instanceof java.io.FileNotFoundException;
    }

    Proxy proxy(String fault) {
        try {
            return new ToxiproxyClient(api.host(), api.port()).getProxy(proxyName);
        } catch (IOException e) {
            throw FaultException.of(fault, service, "find the proxy '" + proxyName + "' fronting it at " + api, e);
        }
    }
}
