package dev.firedrill.toxiproxy.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One named proxy: a listener, its live connections and its toxics. State changes are synchronized
 * on the proxy, so a connection accepted while a toxic is added gets it exactly once.
 */
final class Proxy {
    private static final int BACKLOG = 4096;

    /** Bytes counted for /metrics, per direction. */
    static final class Metrics {
        final LongAdder upstreamReceived = new LongAdder();
        final LongAdder upstreamSent = new LongAdder();
        final LongAdder downstreamReceived = new LongAdder();
        final LongAdder downstreamSent = new LongAdder();
    }

    /** The listener could not be opened; the message reads like Go's listen error. */
    static final class StartException extends Exception {
        StartException(String message) {
            super(message);
        }
    }

    final String name;
    final Metrics metrics = new Metrics();
    private String listen;
    private String upstream;
    private boolean enabled;
    private final List<ToxicSpec> toxics = new ArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel listener;
    private Thread acceptor;

    Proxy(String name, String listen, String upstream) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
    }

    synchronized String listen() {
        return listen;
    }

    synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** Changes where the proxy listens or forwards to; callers stop it first. */
    synchronized void relocate(String newListen, String newUpstream) {
        listen = newListen;
        upstream = newUpstream;
    }

    /** Binds the listen address and starts accepting; the stored listen becomes the bound address. */
    synchronized void start() throws StartException {
        if (enabled) {
            return;
        }
        Addresses.Resolved address;
        try {
            address = Addresses.resolve(listen);
        } catch (Addresses.AddressException e) {
            throw new StartException("listen tcp: " + e.getMessage());
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address.socketAddress(), BACKLOG);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartException("listen tcp " + address.text() + ": bind: " + describe(e));
        }
        try {
            listen = Addresses.boundText((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartException("listen tcp " + address.text() + ": " + describe(e));
        }
        listener = channel;
        enabled = true;
        ServerSocketChannel accepting = channel;
        acceptor = new Thread(() -> accept(accepting), "toxiproxy-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Closes the listener and every live connection (peers read EOF). Toxics stay. Returns once the
     * port is free again: a listener closed under a blocked accept() stays bound until that call returns.
     */
    void stop() {
        Thread stoppedAcceptor;
        synchronized (this) {
            if (!enabled) {
                return;
            }
            enabled = false;
            closeQuietly(listener);
            listener = null;
            stoppedAcceptor = acceptor;
            acceptor = null;
            for (Connection connection : new ArrayList<>(connections)) {
                connection.closeAll();
            }
        }
        try {
            stoppedAcceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(ServerSocketChannel channel) {
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException closed) {
                return;
            }
            Connection connection;
            synchronized (this) {
                if (listener != channel) {
                    closeQuietly(client);
                    return;
                }
                connection = new Connection(this, client, upstream, List.copyOf(toxics));
                connections.add(connection);
            }
            connection.start();
        }
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    // ---- toxics ----

    synchronized ToxicSpec toxic(String toxicName) {
        for (ToxicSpec toxic : toxics) {
            if (toxic.name().equals(toxicName)) {
                return toxic;
            }
        }
        return null;
    }

    /** Upstream toxics first, then downstream, each in the order they were added. */
    synchronized List<ToxicSpec> toxicsInListOrder() {
        List<ToxicSpec> ordered = new ArrayList<>();
        toxics.stream().filter(ToxicSpec::upstream).forEach(ordered::add);
        toxics.stream().filter(t -> !t.upstream()).forEach(ordered::add);
        return ordered;
    }

    synchronized void addToxic(ToxicSpec toxic) {
        toxics.add(toxic);
        for (Connection connection : connections) {
            connection.link(toxic.upstream()).attach(toxic);
        }
    }

    synchronized void updateToxic(ToxicSpec toxic) {
        for (int i = 0; i < toxics.size(); i++) {
            if (toxics.get(i).name().equals(toxic.name())) {
                toxics.set(i, toxic);
            }
        }
        for (Connection connection : connections) {
            connection.link(toxic.upstream()).update(toxic);
        }
    }

    /** Removes a toxic from every live link without losing data; a timeout toxic's connections close. */
    synchronized void removeToxic(ToxicSpec toxic) {
        toxics.removeIf(t -> t.name().equals(toxic.name()));
        for (Connection connection : new ArrayList<>(connections)) {
            if (toxic.kind() == ToxicKind.TIMEOUT) {
                connection.closeAll();
            } else {
                connection.link(toxic.upstream()).detach(toxic.name());
            }
        }
    }

    synchronized void removeAllToxics() {
        for (ToxicSpec toxic : toxicsInListOrder()) {
            removeToxic(toxic);
        }
    }

    synchronized StringBuilder appendJson(StringBuilder out) {
        out.append("{\"name\":");
        Json.quote(out, name).append(",\"listen\":");
        Json.quote(out, listen).append(",\"upstream\":");
        Json.quote(out, upstream).append(",\"enabled\":").append(enabled).append(",\"toxics\":[");
        boolean first = true;
        for (ToxicSpec toxic : toxicsInListOrder()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            toxic.appendJson(out);
        }
        return out.append("]}");
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.equals("Address already in use") ? "address already in use" : message;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }
}
