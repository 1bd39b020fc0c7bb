package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timing and byte behaviour of every toxic on real loopback sockets. The test holds both ends: the
 * client socket and the upstream's accepted socket. Tolerances are wide enough for a busy 2-core machine.
 */
class ToxicBehaviourTest {
    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private Upstream upstream;
    private Proxy proxy;
    private Socket clientSide;
    private Socket serverSide;

    @BeforeEach
    void start() throws Exception {
        server = ToxiproxyServer.builder().start();
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
        upstream = Upstream.manual();
        proxy = client.createProxy("svc", "127.0.0.1:0", upstream.address());
    }

    @AfterEach
    void stop() throws IOException {
        if (clientSide != null) {
            clientSide.close();
        }
        if (serverSide != null) {
            serverSide.close();
        }
        server.close();
        upstream.close();
    }

    private void connect() throws Exception {
        clientSide = new Socket("127.0.0.1", Upstream.parse(proxy.getListen()).getPort());
        clientSide.setTcpNoDelay(true);
        clientSide.setSoTimeout(10_000);
        serverSide = upstream.accept();
        serverSide.setTcpNoDelay(true);
        serverSide.setSoTimeout(10_000);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static byte[] pattern(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + i / 251);
        }
        return data;
    }

    /** Reads until EOF or a reset; returns the time it took, or fails if the socket stays open. */
    private static long millisUntilClosed(Socket socket, long startNanos) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // A reset also ends the connection.
        }
        return millisSince(startNanos);
    }

    @Test
    void latencyDelaysEachChunkAndTwoLatencyToxicsAddUp() throws Exception {
        proxy.toxics().latency("a", ToxicDirection.DOWNSTREAM, 200);
        connect();
        long start = System.nanoTime();
        serverSide.getOutputStream().write(1);
        assertThat(clientSide.getInputStream().read()).isEqualTo(1);
        assertThat(millisSince(start)).isBetween(190L, 600L);

        proxy.toxics().latency("b", ToxicDirection.DOWNSTREAM, 200);
        start = System.nanoTime();
        serverSide.getOutputStream().write(2);
        assertThat(clientSide.getInputStream().read()).isEqualTo(2);
        assertThat(millisSince(start)).isBetween(390L, 900L);

        start = System.nanoTime();
        clientSide.getOutputStream().write(3);
        assertThat(serverSide.getInputStream().read()).isEqualTo(3);
        assertThat(millisSince(start)).as("upstream has no toxic").isLessThan(150L);
    }

    @Test
    void latencyDelaysButDoesNotThrottleThroughput() throws Exception {
        proxy.toxics().latency("a", ToxicDirection.UPSTREAM, 100);
        connect();
        byte[] data = pattern(8 * 1024 * 1024);
        long start = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                clientSide.getOutputStream().write(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] received = serverSide.getInputStream().readNBytes(data.length);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(received).isEqualTo(data);
        assertThat(millisSince(start)).as("8 MiB with 100 ms latency").isLessThan(3_000L);
    }

    @Test
    void jitterKeepsEachDelayWithinLatencyPlusOrMinusJitter() throws Exception {
        proxy.toxics().latency("a", ToxicDirection.DOWNSTREAM, 150).setJitter(100);
        connect();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 8; i++) {
            long start = System.nanoTime();
            serverSide.getOutputStream().write(i);
            assertThat(clientSide.getInputStream().read()).isEqualTo(i);
            long took = millisSince(start);
            min = Math.min(min, took);
            max = Math.max(max, took);
        }
        assertThat(min).isGreaterThanOrEqualTo(45L);
        assertThat(max).isLessThan(450L);
        assertThat(max - min).as("jitter spreads the delays").isGreaterThan(10L);
    }

    @Test
    void bandwidthLimitsThroughputToRateThousandsOfBytesPerSecond() throws Exception {
        proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 200);
        connect();
        byte[] data = pattern(100_000);
        long start = System.nanoTime();
        CompletableFuture.runAsync(() -> {
            try {
                serverSide.getOutputStream().write(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(clientSide.getInputStream().readNBytes(data.length)).isEqualTo(data);
        assertThat(millisSince(start)).as("100 000 bytes at 200 KB/s").isBetween(400L, 1_200L);
    }

    @Test
    void zeroBandwidthHoldsDataOnAnOpenConnectionUntilTheToxicIsRemoved() throws Exception {
        connect();
        proxy.toxics().bandwidth("cut", ToxicDirection.UPSTREAM, 0);
        clientSide.getOutputStream().write("held back".getBytes());
        serverSide.setSoTimeout(600);
        assertThatThrownBy(() -> serverSide.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        proxy.toxics().get("cut").remove();
        serverSide.setSoTimeout(5_000);
        assertThat(serverSide.getInputStream().readNBytes(9)).isEqualTo("held back".getBytes());
    }

    @Test
    void slowCloseDeliversDataAtOnceAndTheCloseLater() throws Exception {
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 700);
        connect();
        long start = System.nanoTime();
        serverSide.getOutputStream().write("bye".getBytes());
        serverSide.close();
        assertThat(clientSide.getInputStream().readNBytes(3)).isEqualTo("bye".getBytes());
        assertThat(millisSince(start)).isLessThan(300L);
        assertThat(millisUntilClosed(clientSide, start)).isBetween(650L, 1_500L);
    }

    @Test
    void timeoutDropsDataAndClosesBothSidesAfterTheIdleTime() throws Exception {
        connect();
        proxy.toxics().timeout("t", ToxicDirection.UPSTREAM, 500);
        OutputStream out = clientSide.getOutputStream();
        long lastChunk = 0;
        for (int i = 0; i < 4; i++) {
            Thread.sleep(250);
            out.write("dropped".getBytes());
            lastChunk = System.nanoTime();
        }
        long serverClosedAfter = millisUntilClosed(serverSide, lastChunk);
        assertThat(serverClosedAfter).as("idle timeout restarts on every chunk").isBetween(400L, 1_300L);
        assertThat(millisUntilClosed(clientSide, lastChunk)).isLessThan(2_000L);
    }

    @Test
    void timeoutDataNeverArrives() throws Exception {
        connect();
        proxy.toxics().timeout("t", ToxicDirection.UPSTREAM, 0);
        clientSide.getOutputStream().write("dropped".getBytes());
        serverSide.setSoTimeout(500);
        assertThatThrownBy(() -> serverSide.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        serverSide.getOutputStream().write(7);
        assertThat(clientSide.getInputStream().read()).as("the other direction still flows").isEqualTo(7);
    }

    @Test
    void removingATimeoutToxicClosesItsConnections() throws Exception {
        connect();
        proxy.toxics().timeout("t", ToxicDirection.UPSTREAM, 0);
        clientSide.getOutputStream().write("dropped".getBytes());
        Thread.sleep(100);
        long start = System.nanoTime();
        proxy.toxics().get("t").remove();
        assertThat(millisUntilClosed(clientSide, start)).isLessThan(1_000L);
        assertThat(millisUntilClosed(serverSide, start)).isLessThan(1_000L);
    }

    @Test
    void resetPeerPresentAtAcceptResetsTheClientAfterTheFirstChunk() throws Exception {
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 300);
        connect();
        long start = System.nanoTime();
        clientSide.getOutputStream().write("trigger".getBytes());
        assertThatThrownBy(() -> clientSide.getInputStream().read())
                .isInstanceOf(SocketException.class).hasMessageContaining("reset");
        assertThat(millisSince(start)).isBetween(250L, 1_500L);
        serverSide.setSoTimeout(2_000);
        assertThatThrownBy(() -> {
            while (serverSide.getInputStream().read() >= 0) {
                // the dropped chunk never arrives; the reset does
            }
            throw new SocketException("closed with FIN, not reset");
        }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }

    @Test
    void resetPeerAddedToAnOpenConnectionClosesWithEof() throws Exception {
        connect();
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0);
        clientSide.getOutputStream().write("trigger".getBytes());
        assertThat(clientSide.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void resetPeerNeverFiresWithoutData() throws Exception {
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0);
        connect();
        clientSide.setSoTimeout(500);
        assertThatThrownBy(() -> clientSide.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void slicerCutsEachChunkByRecursiveHalvingWithDelayInMicroseconds() throws Exception {
        proxy.toxics().slicer("s", ToxicDirection.UPSTREAM, 100, 30_000);
        connect();
        long start = System.nanoTime();
        clientSide.getOutputStream().write(pattern(1000));
        List<Integer> sizes = new ArrayList<>();
        byte[] received = new byte[1000];
        int total = 0;
        InputStream in = serverSide.getInputStream();
        while (total < 1000) {
            int n = in.read(received, total, 1000 - total);
            sizes.add(n);
            total += n;
        }
        assertThat(received).isEqualTo(pattern(1000));
        assertThat(sizes).hasSize(16).allMatch(n -> n == 62 || n == 63);
        assertThat(millisSince(start)).as("15 pauses of 30 ms").isBetween(400L, 2_000L);
    }

    @Test
    void aSlicerWithZeroSizesPassesTheDataUnslicedAndNeverHangs() throws Exception {
        proxy.toxics().slicer("s", ToxicDirection.UPSTREAM, 0, 30_000);
        connect();
        serverSide.setSoTimeout(5_000);
        long start = System.nanoTime();
        clientSide.getOutputStream().write(pattern(1000));

        assertThat(serverSide.getInputStream().readNBytes(1000)).isEqualTo(pattern(1000));
        assertThat(millisSince(start)).as("no 30 ms pause between slices: the data was not sliced").isLessThan(1_000L);
    }

    @Test
    void limitDataPassesExactlyTheLimitThenClosesBothSides() throws Exception {
        proxy.toxics().limitData("l", ToxicDirection.UPSTREAM, 100);
        connect();
        clientSide.getOutputStream().write(pattern(90));
        assertThat(serverSide.getInputStream().readNBytes(90)).isEqualTo(pattern(90));
        clientSide.getOutputStream().write(new byte[20]);
        assertThat(serverSide.getInputStream().readAllBytes()).hasSize(10);
        assertThat(clientSide.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void toxicityZeroNeverAppliesTheToxic() throws Exception {
        proxy.toxics().latency("a", ToxicDirection.DOWNSTREAM, 2_000).setToxicity(0f);
        connect();
        long start = System.nanoTime();
        serverSide.getOutputStream().write(1);
        assertThat(clientSide.getInputStream().read()).isEqualTo(1);
        assertThat(millisSince(start)).isLessThan(500L);
    }

    @Test
    void aToxicAddedToAnOpenConnectionAppliesAtOnce() throws Exception {
        connect();
        serverSide.getOutputStream().write(1);
        assertThat(clientSide.getInputStream().read()).isEqualTo(1);
        proxy.toxics().latency("a", ToxicDirection.DOWNSTREAM, 300);
        long start = System.nanoTime();
        serverSide.getOutputStream().write(2);
        assertThat(clientSide.getInputStream().read()).isEqualTo(2);
        assertThat(millisSince(start)).isBetween(280L, 900L);
        proxy.toxics().get("a").remove();
        start = System.nanoTime();
        serverSide.getOutputStream().write(3);
        assertThat(clientSide.getInputStream().read()).isEqualTo(3);
        assertThat(millisSince(start)).isLessThan(200L);
    }

    @Test
    void noDataIsLostOrReorderedWhileToxicsComeAndGo() throws Exception {
        connect();
        byte[] data = pattern(6 * 1024 * 1024);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = clientSide.getOutputStream();
                for (int offset = 0; offset < data.length; offset += 4096) {
                    out.write(data, offset, Math.min(4096, data.length - offset));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return serverSide.getInputStream().readNBytes(data.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int round = 0; round < 15 && !reader.isDone(); round++) {
            proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 5);
            proxy.toxics().slicer("sl", ToxicDirection.UPSTREAM, 700, 0);
            proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 20_000);
            Thread.sleep(20);
            proxy.toxics().get("sl").remove();
            proxy.toxics().get("lat").remove();
            Thread.sleep(10);
            proxy.toxics().get("bw").remove();
        }
        writer.get(30, TimeUnit.SECONDS);
        assertThat(Arrays.equals(reader.get(30, TimeUnit.SECONDS), data)).as("bytes arrive complete and in order").isTrue();
    }

    @Test
    void endOfStreamFromTheClientClosesBothSocketsWithoutHalfClose() throws Exception {
        connect();
        clientSide.shutdownOutput();
        assertThat(serverSide.getInputStream().read()).isEqualTo(-1);
        assertThat(clientSide.getInputStream().read()).as("no half-close: the client sees the end too").isEqualTo(-1);
    }

    @Test
    void unreachableUpstreamClosesTheClientWithEof() throws Exception {
        Proxy broken = client.createProxy("broken", "127.0.0.1:0", "127.0.0.1:1");
        try (Socket socket = new Socket("127.0.0.1", Upstream.parse(broken.getListen()).getPort())) {
            socket.setSoTimeout(5_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void resetRemovesToxicsFromLiveConnectionsAndKeepsThemOpen() throws Exception {
        connect();
        proxy.toxics().latency("a", ToxicDirection.DOWNSTREAM, 2_000);
        client.reset();
        long start = System.nanoTime();
        serverSide.getOutputStream().write(5);
        assertThat(clientSide.getInputStream().read()).isEqualTo(5);
        assertThat(millisSince(start)).isLessThan(500L);
    }

    @Test
    void changingTheUpstreamClosesLiveConnections() throws Exception {
        connect();
        proxy.setUpstream("127.0.0.1:1");
        assertThat(clientSide.getInputStream().read()).isEqualTo(-1);
        assertThat(serverSide.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void toxicsInBothDirectionsApplyIndependently() throws Exception {
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 200);
        proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 300);
        connect();
        long start = System.nanoTime();
        clientSide.getOutputStream().write(1);
        assertThat(serverSide.getInputStream().read()).isEqualTo(1);
        assertThat(millisSince(start)).isBetween(190L, 700L);
        start = System.nanoTime();
        serverSide.getOutputStream().write(2);
        assertThat(clientSide.getInputStream().read()).isEqualTo(2);
        assertThat(millisSince(start)).isBetween(290L, 800L);
    }
}
