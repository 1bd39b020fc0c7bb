package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 1,000 connections open at once through one proxy, each echoing 64 KiB both ways with a latency
 * toxic active, against a server in its own JVM whose heap is capped at 256 MB.
 */
class ThousandConnectionsTest {
    private static final int CONNECTIONS = 1_000;
    private static final int BYTES = 64 * 1024;

    @Test
    void thousandConcurrentConnectionsEchoSixtyFourKibibytesEachWithLatencyUnderA256MbHeap() throws Exception {
        Process server = startServerJvm();
        try (NioEcho echo = new NioEcho()) {
            int apiPort = apiPortFrom(server);
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", apiPort);
            Proxy proxy = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 100).setJitter(20);
            int proxyPort = Upstream.parse(proxy.getListen()).getPort();

            List<Peer> peers = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", proxyPort));
                    channel.configureBlocking(false);
                    Peer peer = new Peer(channel, i);
                    peers.add(peer);
                    channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, peer);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (echo.open.get() < CONNECTIONS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(echo.open.get()).as("upstream connections open at the same time").isEqualTo(CONNECTIONS);

                int done = 0;
                while (done < CONNECTIONS && System.nanoTime() < deadline) {
                    selector.select(200);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Peer peer = (Peer) key.attachment();
                        if (key.isWritable()) {
                            peer.channel.write(peer.out);
                            if (!peer.out.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable() && peer.read()) {
                            key.cancel();
                            done++;
                        }
                    }
                }
                assertThat(done).as("connections that got all 64 KiB back within 30 s").isEqualTo(CONNECTIONS);
                String metrics = new Http("http://127.0.0.1:" + apiPort).get("/metrics").body();
                System.out.println("server JVM while 1,000 connections are open:\n" + metrics);
                assertThat(metrics).containsPattern("jvm_memory_heap_max_bytes 2\\d{8}\n");
                assertThat(metrics).contains("toxiproxy_proxy_sent_bytes_total{direction=\"downstream\"")
                        .contains("} " + (long) CONNECTIONS * BYTES + "\n");
            }
            for (Peer peer : peers) {
                assertThat(peer.corrupt).as("connection " + peer.index + " got its own bytes back in order").isFalse();
                peer.channel.close();
            }
            assertThat(server.isAlive()).as("server JVM survived (it exits on OutOfMemoryError)").isTrue();
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startServerJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = new File(ToxiproxyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        ProcessBuilder command = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classes,
                ToxiproxyServer.class.getName(), "-host", "127.0.0.1", "-port", "0", "-runtime-metrics")
                .redirectErrorStream(true);
        command.environment().put("LOG_LEVEL", "info");
        return command.start();
    }

    private static int apiPortFrom(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern address = Pattern.compile("\"address\":\"[^\"]*:(\\d+)\"");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = address.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("server JVM ended before it reported its API address");
    }

    /** One client connection: sends its own 64 KiB pattern and checks what comes back. */
    private static final class Peer {
        final SocketChannel channel;
        final int index;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        int received;
        boolean corrupt;

        Peer(SocketChannel channel, int index) {
            this.channel = channel;
            this.index = index;
            out = ByteBuffer.allocate(BYTES);
            for (int i = 0; i < BYTES; i++) {
                out.put(expected(i));
            }
            out.flip();
        }

        byte expected(int offset) {
            return (byte) (offset * 7 + index);
        }

        /** Reads what is available; true once all bytes are back. */
        boolean read() throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                corrupt = received < BYTES;
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (in.get(i) != expected(received + i)) {
                    corrupt = true;
                }
            }
            received += n;
            return received >= BYTES;
        }
    }

    /** A single-threaded NIO echo server that counts its open connections. */
    private static final class NioEcho implements AutoCloseable {
        final AtomicInteger open = new AtomicInteger();
        private final ServerSocketChannel listener;
        private final Selector selector;
        private final Thread thread;
        private volatile boolean running = true;

        NioEcho() throws IOException {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 2048);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this::loop, "nio-echo");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.socket().getLocalPort();
        }

        private void loop() {
            try {
                while (running) {
                    selector.select(200);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        if (key.isAcceptable()) {
                            SocketChannel channel;
                            while ((channel = listener.accept()) != null) {
                                channel.configureBlocking(false);
                                channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(BYTES));
                                open.incrementAndGet();
                            }
                        } else {
                            echo(key);
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void echo(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            ByteBuffer pending = (ByteBuffer) key.attachment();
            try {
                if (key.isReadable()) {
                    if (channel.read(pending) < 0) {
                        key.cancel();
                        channel.close();
                        open.decrementAndGet();
                        return;
                    }
                }
                pending.flip();
                channel.write(pending);
                pending.compact();
                key.interestOps(pending.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                key.cancel();
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            selector.wakeup();
            listener.close();
        }
    }
}
