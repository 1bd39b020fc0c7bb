package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Testcontainers' own Toxiproxy module, given the official image name, runs this project's server:
 * {@code LocalImageSubstitutor} (registered in {@code testcontainers.properties}) substitutes
 * {@code firedrill/toxiproxy:<hash>}, and the unmodified toxiproxy-java client drives it (docs/fault-proxy.md).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToxiproxyContainerIT {

    private static final String OFFICIAL_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

    private static Network network;
    private static GenericContainer<?> redis;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void startRedis() {
        network = Network.newNetwork();
        redis = new GenericContainer<>("redis:7").withNetwork(network).withNetworkAliases("redis").withExposedPorts(6379);
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void moduleRunsTheSubstitutedImageAndTheClientAddsMeasurableLatency() throws Exception {
        try (org.testcontainers.toxiproxy.ToxiproxyContainer toxiproxy =
                     new org.testcontainers.toxiproxy.ToxiproxyContainer(OFFICIAL_IMAGE).withNetwork(network)) {
            toxiproxy.start();
            assertThat(toxiproxy.getDockerImageName()).as("substituted by LocalImageSubstitutor").startsWith("firedrill/toxiproxy:");

            ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
            assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
            Proxy proxy = client.createProxy("redis", "0.0.0.0:8666", "redis:6379");
            try (Jedis jedis = new Jedis(toxiproxy.getHost(), toxiproxy.getMappedPort(8666), 10_000)) {
                jedis.set("k", "v");
                long plain = roundTripMillis(jedis);

                proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 1_100).setJitter(100);
                long delayed = roundTripMillis(jedis);
                System.out.printf("Redis GET through the substituted proxy: %d ms plain, %d ms with latency 1100 +- 100 ms%n",
                        plain, delayed);
                assertThat(plain).isLessThan(500);
                assertThat(delayed).as("latency 1100 ms, jitter 100 ms").isBetween(1_000L, 1_999L);

                proxy.toxics().get("latency").remove();
                assertThat(roundTripMillis(jedis)).isLessThan(500);
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedModuleNamesProxiesHostColonPortAndCutsConnections() throws Exception {
        try (org.testcontainers.containers.ToxiproxyContainer toxiproxy =
                     new org.testcontainers.containers.ToxiproxyContainer(OFFICIAL_IMAGE).withNetwork(network)) {
            toxiproxy.start();
            org.testcontainers.containers.ToxiproxyContainer.ContainerProxy first = toxiproxy.getProxy("redis", 6379);
            assertThat(first.getName()).as("1.x naming: the upstream, host:port").isEqualTo("redis:6379");
            assertThat(toxiproxy.getProxy("redis", 6379)).as("memoised per upstream").isSameAs(first);
            assertThat(first.getOriginalProxyPort()).isEqualTo(8666);

            ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
            assertThat(client.getProxy("redis:6379").getListen()).as("[::]:8666 or 0.0.0.0:8666").endsWith(":8666");

            // By container: the module takes the container's first network alias (Testcontainers' own tc-... one).
            org.testcontainers.containers.ToxiproxyContainer.ContainerProxy byContainer = toxiproxy.getProxy(redis, 6379);
            assertThat(byContainer.getName()).isEqualTo(redis.getNetworkAliases().get(0) + ":6379");
            assertThat(byContainer.getOriginalProxyPort()).isEqualTo(8667);
            try (Jedis jedis = new Jedis(byContainer.getContainerIpAddress(), byContainer.getProxyPort(), 2_000)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }

            try (Jedis jedis = new Jedis(first.getContainerIpAddress(), first.getProxyPort(), 2_000)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                first.setConnectionCut(true);
                assertThatThrownBy(jedis::ping).isInstanceOf(JedisConnectionException.class);
                try (Jedis other = new Jedis(byContainer.getContainerIpAddress(), byContainer.getProxyPort(), 2_000)) {
                    assertThat(other.ping()).as("cutting one proxy leaves the other alone").isEqualTo("PONG");
                }
            }
            first.setConnectionCut(false);
            try (Jedis jedis = new Jedis(first.getContainerIpAddress(), first.getProxyPort(), 2_000)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        }
    }

    private static long roundTripMillis(Jedis jedis) {
        long started = System.nanoTime();
        assertThat(jedis.get("k")).isEqualTo("v");
        return (System.nanoTime() - started) / 1_000_000;
    }
}
