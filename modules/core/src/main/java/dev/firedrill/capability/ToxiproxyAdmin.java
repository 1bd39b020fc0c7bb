package dev.firedrill.capability;

import dev.firedrill.Endpoint;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The proxy administration of {@link FaultProxy}, through a Toxiproxy-compatible API: what a container stack and
 * an external system share. Upstream names are as the proxy resolves them.
 */
public final class ToxiproxyAdmin {

    private final Endpoint api;

    public ToxiproxyAdmin(Endpoint api) {
        this.api = api;
    }

    private ToxiproxyClient client() {
        return new ToxiproxyClient(api.host(), api.port());
    }

    /** Creates proxy {@code name} listening on {@code listen} and leading to {@code upstream} ({@code host:port}). */
    public void create(String name, String listen, String upstream) {
        call("create proxy '" + name + "'", () -> client().createProxy(name, listen, upstream));
    }

    /** Points proxy {@code name} at {@code upstream}. */
    public void repoint(String name, String upstream) {
        call("repoint proxy '" + name + "' to " + upstream, () -> {
            client().getProxy(name).setUpstream(upstream);
            return null;
        });
    }

    /** The upstream of proxy {@code name}. */
    public String upstream(String name) {
        return call("read proxy '" + name + "'", () -> client().getProxy(name).getUpstream());
    }

    /** Enables or disables proxy {@code name}. */
    public void setEnabled(String name, boolean enabled) {
        call((enabled ? "enable" : "disable") + " proxy '" + name + "'", () -> {
            if (enabled) {
                client().getProxy(name).enable();
            } else {
                client().getProxy(name).disable();
            }
            return null;
        });
    }

    /** The listen addresses ({@code host:port}) of the proxies whose upstream host is one of {@code hosts}. */
    public List<String> listening(Set<String> hosts) {
        return call("list the proxies", () -> client().getProxies().stream()
                .filter(p -> hosts.contains(p.getUpstream().replaceFirst(":[0-9]+$", "")))
                .map(Proxy::getListen).toList());
    }

    /** Enables every proxy and removes every toxic. */
    public void reset() {
        call("reset", () -> {
            client().reset();
            return null;
        });
    }

    private <T> T call(String step, Io<T> io) {
        try {
            return io.run();
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + step + " on the fault proxy at " + api + ": " + e.getMessage(), e);
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }
}
