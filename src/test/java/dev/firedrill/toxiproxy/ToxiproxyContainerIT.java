package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' ToxiproxyContainer (the 2.x class and the deprecated 1.x-style class) on the
 * firedrill/toxiproxy image built from images/toxiproxy/Dockerfile with this build's classes.
 * Set {@code -Dfiredrill.toxiproxy.image=firedrill/toxiproxy:<tag>} to test an image built elsewhere.
 *
 * <p>The proxied upstream is the server's own API inside the container (127.0.0.1:8474), so no
 * other image is needed.
 */
class ToxiproxyContainerIT {
    private static final String SELF = "127.0.0.1:8474";
    private static DockerImageName image;

    @BeforeAll
    static void buildImage() throws IOException {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no usable Docker engine for Testcontainers (on these machines: TESTCONTAINERS_RYUK_DISABLED=true, "
                        + "TESTCONTAINERS_HOST_OVERRIDE=localhost and -Dtest.extra.jvm.args=-Dapi.version=1.41)");
        String given = System.getProperty("firedrill.toxiproxy.image");
        String name = given != null && !given.isBlank() ? given : buildFromThisBuild();
        image = DockerImageName.parse(name).asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy");
    }

    private static String buildFromThisBuild() throws IOException {
        Path project = Path.of(System.getProperty("firedrill.project.dir", System.getProperty("user.dir")));
        Path jar = Files.createTempFile("firedrill-toxiproxy", ".jar");
        jar.toFile().deleteOnExit();
        Path classes;
        try {
            classes = new File(ToxiproxyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        // Surefire runs from target/classes, failsafe from the project jar: take the package from either.
        try (FileSystem jarFileSystem = Files.isDirectory(classes) ? null : FileSystems.newFileSystem(classes)) {
            Path root = jarFileSystem == null ? classes : jarFileSystem.getPath("/");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(root.resolve("dev/firedrill/toxiproxy"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/')));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
        }
        return new ImageFromDockerfile("firedrill/toxiproxy:it", false)
                .withFileFromPath("Dockerfile", project.resolve("images/toxiproxy/Dockerfile"))
                .withFileFromPath("app/firedrill-toxiproxy.jar", jar)
                .get();
    }

    /** Sends GET /version over {@code port} and returns the status line; times out after {@code timeoutMillis}. */
    private static String versionThrough(String host, int port, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write("GET /version HTTP/1.1\r\nHost: toxiproxy\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.lines().findFirst().orElse("");
        }
    }

    @Test
    void toxiproxyContainerStartsOnTheImageAndTheClientAddsLatencyAndCutsConnections() throws Exception {
        try (org.testcontainers.toxiproxy.ToxiproxyContainer toxiproxy =
                     new org.testcontainers.toxiproxy.ToxiproxyContainer(image)) {
            toxiproxy.start();
            ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
            assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
            Proxy proxy = client.createProxy("self", "0.0.0.0:8666", SELF);
            int port = toxiproxy.getMappedPort(8666);
            assertThat(versionThrough(toxiproxy.getHost(), port, 5_000)).isEqualTo("HTTP/1.1 200 OK");

            proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 1_100).setJitter(100);
            long start = System.nanoTime();
            assertThat(versionThrough(toxiproxy.getHost(), port, 5_000)).isEqualTo("HTTP/1.1 200 OK");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 2_500L);
            proxy.toxics().get("latency").remove();

            proxy.toxics().bandwidth("CUT_CONNECTION_DOWNSTREAM", ToxicDirection.DOWNSTREAM, 0);
            proxy.toxics().bandwidth("CUT_CONNECTION_UPSTREAM", ToxicDirection.UPSTREAM, 0);
            assertThatThrownBy(() -> versionThrough(toxiproxy.getHost(), port, 1_000))
                    .isInstanceOf(SocketTimeoutException.class);
            client.reset();
            assertThat(versionThrough(toxiproxy.getHost(), port, 5_000)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedContainerNamesProxiesHostColonPortAndCutsOneWithoutTheOther() throws Exception {
        try (org.testcontainers.containers.ToxiproxyContainer toxiproxy =
                     new org.testcontainers.containers.ToxiproxyContainer(image)) {
            toxiproxy.start();
            org.testcontainers.containers.ToxiproxyContainer.ContainerProxy cut = toxiproxy.getProxy("127.0.0.1", 8474);
            org.testcontainers.containers.ToxiproxyContainer.ContainerProxy other = toxiproxy.getProxy("localhost", 8474);
            assertThat(cut.getName()).isEqualTo("127.0.0.1:8474");
            ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
            assertThat(client.getProxy("127.0.0.1:8474").getUpstream()).isEqualTo("127.0.0.1:8474");

            cut.setConnectionCut(true);
            assertThatThrownBy(() -> versionThrough(cut.getContainerIpAddress(), cut.getProxyPort(), 1_000))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(versionThrough(other.getContainerIpAddress(), other.getProxyPort(), 5_000)).isEqualTo("HTTP/1.1 200 OK");
            cut.setConnectionCut(false);
            assertThat(versionThrough(cut.getContainerIpAddress(), cut.getProxyPort(), 5_000)).isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
