package dev.firedrill.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loopback benchmark of the proxy against a direct connection, side by side in one run:
 * single-stream throughput, 16-connection throughput, and 64-byte ping-pong round trip (p50, p99).
 * Not a test. Run it with:
 *
 * <pre>
 * mvn -o -q test-compile &amp;&amp; java -cp target/classes:target/test-classes dev.firedrill.toxiproxy.ProxyBenchmark [seconds]
 * </pre>
 *
 * The proxy runs in this JVM (no toxics); the sink and echo servers too. Each throughput figure is
 * measured for {@code seconds} (default 5) after a one-second warm-up; direct and proxied runs
 * alternate for three rounds and the medians are printed.
 */
public final class ProxyBenchmark {
    private static final int WRITE_SIZE = 64 * 1024;
    private static final int PINGS = 20_000;
    private static final int PING_WARMUP = 5_000;
    private static final int ROUNDS = 3;

    private ProxyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (ToxiproxyServer server = ToxiproxyServer.builder().start();
             Sink sink = new Sink();
             EchoServer echo = new EchoServer()) {
            Http api = new Http(server.apiUrl());
            int sinkProxy = createProxy(api, "sink", sink.port());
            int echoProxy = createProxy(api, "echo", echo.port());

            System.out.printf(Locale.ROOT, "Loopback, %d cores, JVM %s, %d s per throughput run, median of " + ROUNDS + " alternating rounds%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), seconds);
            System.out.printf(Locale.ROOT, "%-28s %14s %14s %10s%n", "measure", "direct", "proxied", "ratio");

            // Direct and proxied runs alternate and the median of ROUNDS is reported, so that load from
            // other processes on the machine hits both sides alike.
            double[][] single = new double[2][ROUNDS];
            double[][] sixteen = new double[2][ROUNDS];
            double[][] p50 = new double[2][ROUNDS];
            double[][] p99 = new double[2][ROUNDS];
            double[] cpuPerMegabyte = new double[ROUNDS];
            double[] endpointCpuPerMegabyte = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                single[0][round] = throughput(sink.port(), 1, seconds);
                endpointCpuPerMegabyte[round] = lastEndpointCpuPerMegabyte;
                single[1][round] = throughput(sinkProxy, 1, seconds);
                cpuPerMegabyte[round] = lastProxyCpuPerMegabyte;
                sixteen[0][round] = throughput(sink.port(), 16, seconds);
                sixteen[1][round] = throughput(sinkProxy, 16, seconds);
                long[] directRtt = pingPong(echo.port());
                long[] proxiedRtt = pingPong(echoProxy);
                p50[0][round] = percentile(directRtt, 50);
                p50[1][round] = percentile(proxiedRtt, 50);
                p99[0][round] = percentile(directRtt, 99);
                p99[1][round] = percentile(proxiedRtt, 99);
            }
            row("throughput, 1 stream (MB/s)", median(single[0]), median(single[1]));
            row("throughput, 16 streams (MB/s)", median(sixteen[0]), median(sixteen[1]));
            double directP50 = median(p50[0]);
            double proxiedP50 = median(p50[1]);
            double directP99 = median(p99[0]);
            double proxiedP99 = median(p99[1]);
            System.out.printf(Locale.ROOT, "%-28s %14.1f %14.1f %+9.1f%n", "64 B round trip p50 (us)",
                    directP50, proxiedP50, proxiedP50 - directP50);
            System.out.printf(Locale.ROOT, "%-28s %14.1f %14.1f %+9.1f%n", "64 B round trip p99 (us)",
                    directP99, proxiedP99, proxiedP99 - directP99);
            System.out.println("(ratio = proxied / direct; for round trips the last column is the time the proxy adds)");
            double endpoints = median(endpointCpuPerMegabyte);
            double proxyCpu = median(cpuPerMegabyte);
            System.out.printf(Locale.ROOT, "CPU per MB, 1 stream: writer + sink %.0f us, proxy %.0f us (user + system)%n",
                    endpoints, proxyCpu);
            System.out.printf(Locale.ROOT, "=> when the cores are the limit, proxied throughput is at most %.2f of direct%n",
                    endpoints / (endpoints + proxyCpu));
            System.out.printf(Locale.ROOT, "load average during the run: %.1f on %d cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static void row(String name, double direct, double proxied) {
        System.out.printf(Locale.ROOT, "%-28s %14.0f %14.0f %10.2f%n", name, direct, proxied, proxied / direct);
    }

    /** Creates a proxy to 127.0.0.1:{@code upstreamPort} and returns the port it listens on. */
    private static int createProxy(Http api, String name, int upstreamPort) {
        String body = api.post("/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"127.0.0.1:" + upstreamPort + "\"}").body();
        return Integer.parseInt(body.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
    }

    /** MB/s (10^6 bytes) written by {@code streams} connections in parallel for {@code seconds}. */
    private static double throughput(int port, int streams, int seconds) throws Exception {
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder bytes = new LongAdder();
        List<Thread> writers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            sockets.add(socket);
            Thread writer = new Thread(() -> {
                byte[] block = new byte[WRITE_SIZE];
                try {
                    OutputStream out = socket.getOutputStream();
                    while (running.get()) {
                        out.write(block);
                        if (counting.get()) {
                            bytes.add(block.length);
                        }
                    }
                } catch (IOException stopped) {
                    // The socket was closed at the end of the run.
                }
            }, "bench-writer");
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        Thread.sleep(1_000);
        counting.set(true);
        long start = System.nanoTime();
        long cpuBefore = cpuNanos("toxiproxy-");
        long endpointCpuBefore = cpuNanos("bench-");
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long total = bytes.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        lastProxyCpuPerMegabyte = (cpuNanos("toxiproxy-") - cpuBefore) / 1e3 / (total / 1e6);
        lastEndpointCpuPerMegabyte = (cpuNanos("bench-") - endpointCpuBefore) / 1e3 / (total / 1e6);
        running.set(false);
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread writer : writers) {
            writer.join(5_000);
        }
        return total / elapsed / 1e6;
    }

    /** Round-trip times in nanoseconds of 64-byte messages echoed back on one connection. */
    private static long[] pingPong(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] message = new byte[64];
            long[] times = new long[PINGS];
            for (int i = 0; i < PING_WARMUP + PINGS; i++) {
                long start = System.nanoTime();
                out.write(message);
                int got = 0;
                while (got < message.length) {
                    int n = in.read(message, got, message.length - got);
                    if (n < 0) {
                        throw new IOException("echo closed the connection");
                    }
                    got += n;
                }
                if (i >= PING_WARMUP) {
                    times[i - PING_WARMUP] = System.nanoTime() - start;
                }
            }
            return times;
        }
    }

    /** Microseconds of proxy CPU (user + system, all proxy threads) per MB moved in the last run. */
    private static double lastProxyCpuPerMegabyte;
    /** The same for the writer and sink threads (the two ends of the stream). */
    private static double lastEndpointCpuPerMegabyte;

    /** CPU time (user + system) of the live threads whose name starts with {@code prefix}. */
    private static long cpuNanos(String prefix) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)] / 1_000.0;
    }

    /** Reads and discards everything, one thread per connection. */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());

        Sink() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        Thread reader = new Thread(() -> drain(socket), "bench-sink");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "bench-sink-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void drain(Socket socket) {
            byte[] buffer = new byte[WRITE_SIZE];
            try (socket; InputStream in = socket.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // Connection ended.
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /** Echoes every byte, one thread per connection. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        socket.setTcpNoDelay(true);
                        Thread thread = new Thread(() -> echo(socket), "bench-echo");
                        thread.setDaemon(true);
                        thread.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "bench-echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void echo(Socket socket) {
            byte[] buffer = new byte[WRITE_SIZE];
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // Connection ended.
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
