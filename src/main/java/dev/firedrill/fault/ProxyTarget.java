package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;

/** The proxy in front of a service, on a Firedrill stack or an external system: its API, its name, and where clients reach it. */
record ProxyTarget(Endpoint api, String proxyName, String service, Endpoint endpoint, RoundTrip.Protocol protocol) {

    Proxy proxy(String fault) {
        try {
            return new ToxiproxyClient(api.host(), api.port()).getProxy(proxyName);
        } catch (IOException e) {
            throw FaultException.of(fault, service, "find the proxy '" + proxyName + "' fronting it at " + api, e);
        }
    }
}
