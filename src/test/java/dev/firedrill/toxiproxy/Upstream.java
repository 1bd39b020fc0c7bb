package dev.firedrill.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A TCP server on 127.0.0.1 for tests: either hands each accepted socket to the test, or echoes. */
final class Upstream implements AutoCloseable {
    private final ServerSocket listener;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final boolean echo;

    private Upstream(boolean echo) throws IOException {
        this.echo = echo;
        listener = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::acceptLoop, "test-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server whose connections the test takes with {@link #accept()}. */
    static Upstream manual() throws IOException {
        return new Upstream(false);
    }

    /** A server that echoes every byte back until the client closes. */
    static Upstream echo() throws IOException {
        return new Upstream(true);
    }

    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    Socket accept() throws InterruptedException {
        Socket socket = accepted.poll(10, TimeUnit.SECONDS);
        if (socket == null) {
            throw new AssertionError("no connection reached the upstream at " + address() + " within 10 s");
        }
        return socket;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                if (echo) {
                    Thread thread = new Thread(null, () -> echo(socket), "test-echo", 256 * 1024);
                    thread.setDaemon(true);
                    thread.start();
                } else {
                    accepted.add(socket);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // Client went away.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket socket;
        while ((socket = accepted.poll()) != null) {
            socket.close();
        }
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
