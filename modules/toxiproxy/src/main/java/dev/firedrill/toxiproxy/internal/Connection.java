package dev.firedrill.toxiproxy.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One client connection through a proxy: the client socket, the upstream socket, and a link each way. */
final class Connection {
    /** Reader and toxic threads do little on their stacks; small stacks keep 1,000 connections cheap. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final Proxy proxy;
    private final String upstreamAddress;
    private final SocketChannel client;
    private final boolean resetOnClose;
    private final long id = IDS.incrementAndGet();
    private final Link up;
    private final Link down;
    private SocketChannel server;
    private boolean clientClosed;
    private boolean serverClosed;
    private boolean closing;

    Connection(Proxy proxy, SocketChannel client, String upstreamAddress, List<ToxicSpec> toxics) {
        this.proxy = proxy;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.resetOnClose = toxics.stream().anyMatch(t -> t.kind() == ToxicKind.RESET_PEER);
        this.up = new Link(this, true, toxics.stream().filter(ToxicSpec::upstream).toList(),
                proxy.metrics.upstreamReceived, proxy.metrics.upstreamSent);
        this.down = new Link(this, false, toxics.stream().filter(t -> !t.upstream()).toList(),
                proxy.metrics.downstreamReceived, proxy.metrics.downstreamSent);
    }

    Link link(boolean upstream) {
        return upstream ? up : down;
    }

    void start() {
        startThread(this::run, "up");
    }

    private void run() {
        SocketChannel dialed;
        try {
            configure(client);
            dialed = dial(upstreamAddress);
            configure(dialed);
        } catch (IOException | Addresses.AddressException unreachable) {
            close(client);
            proxy.forget(this);
            return;
        }
        synchronized (this) {
            server = dialed;
            if (closing) {
                close(dialed);
                return;
            }
        }
        startThread(() -> down.run(dialed, client), "down");
        up.run(client, dialed);
    }

    private void configure(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (resetOnClose) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
    }

    /** Connects to the upstream, looking the host up again for every connection (no cached address). */
    private static SocketChannel dial(String address) throws IOException, Addresses.AddressException {
        String[] hostPort = Addresses.split(address);
        int port;
        try {
            port = Integer.parseInt(hostPort[1]);
        } catch (NumberFormatException e) {
            throw new Addresses.AddressException("unknown port " + hostPort[1]);
        }
        String host = hostPort[0].isEmpty() ? "localhost" : hostPort[0];
        IOException last = new IOException("no address for " + host);
        for (InetAddress candidate : InetAddress.getAllByName(host)) {
            try {
                return SocketChannel.open(new InetSocketAddress(candidate, port));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    void startThread(Runnable task, String role) {
        Thread thread = new Thread(null, task, "toxiproxy-" + proxy.name + "-" + id + "-" + role, THREAD_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes one of the two sockets (once); the connection is forgotten when both are closed. */
    void close(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        boolean both;
        synchronized (this) {
            if (channel == client) {
                if (clientClosed) {
                    return;
                }
                clientClosed = true;
            } else {
                if (serverClosed) {
                    return;
                }
                serverClosed = true;
            }
            both = clientClosed && serverClosed;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to do with a socket that failed to close.
        }
        if (both) {
            proxy.forget(this);
        }
    }

    /** Closes the whole connection now (proxy disabled, deleted or a timeout toxic removed). */
    void closeAll() {
        SocketChannel upstreamSocket;
        synchronized (this) {
            closing = true;
            upstreamSocket = server;
        }
        up.abandon();
        down.abandon();
        close(client);
        close(upstreamSocket);
        if (upstreamSocket == null) {
            proxy.forget(this);
        }
    }
}
