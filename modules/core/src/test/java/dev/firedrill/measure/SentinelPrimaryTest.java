package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding the primary through the Sentinels, with the Sentinels' answers given by the test. */
class SentinelPrimaryTest {

    private static final List<String> SENTINELS = List.of("sentinel-1", "sentinel-2", "sentinel-3");

    private final Set<String> down = new java.util.HashSet<>();

    /** Services and the host port each one's port is mapped to (none for a service in {@code down}). */
    private final SystemUnderTest system = new SystemUnderTest() {
        private final Map<String, Integer> mapped = Map.of("redis-1", 41001, "redis-2", 41002, "redis-3", 41003,
                "sentinel-1", 42001, "sentinel-2", 42002, "sentinel-3", 42003);

        @Override
        public Set<String> services() {
            return mapped.keySet();
        }

        @Override
        public Endpoint endpoint(String service, int port) {
            if (down.contains(service)) {
                throw new IllegalStateException("Service '" + service + "' has no mapped port " + port);
            }
            return new Endpoint("127.0.0.1", mapped.get(service));
        }

        @Override
        public Map<String, String> environment(String service) {
            return Map.of();
        }
    };

    private final List<Integer> asked = new ArrayList<>();

    @Test
    void theFirstSentinelThatNamesAPrimaryIsBelievedAndTheServiceReachedThroughItsMappedPort() {
        SentinelPrimary primary = new SentinelPrimary(system, SENTINELS, "mymaster", (sentinel, master) -> {
            asked.add(sentinel.port());
            if (sentinel.port() == 42001) {
                throw new JedisConnectionException("Connection refused");
            }
            return Optional.of(new HostAndPort("redis-2", 6379));
        });

        SentinelPrimary.Located located = primary.locate();

        assertThat(located).isEqualTo(new SentinelPrimary.Located("redis-2", 6379, new Endpoint("127.0.0.1", 41002), "sentinel-2"));
        primary.locate();
        assertThat(asked).as("the Sentinel that answered is asked first next time").containsExactly(42001, 42002, 42002);
    }

    @Test
    void noSentinelNamingAPrimaryIsAFailureNamingWhatEachSaid() {
        SentinelPrimary primary = new SentinelPrimary(system, SENTINELS, "mymaster", (sentinel, master) -> {
            if (sentinel.port() == 42002) {
                throw new JedisConnectionException("Read timed out");
            }
            return Optional.empty();
        });

        assertThatThrownBy(primary::locate).isInstanceOf(MeasurementException.class)
                .hasMessageContaining("learn the primary of 'mymaster'")
                .hasMessageContaining("sentinel-1: no primary known for 'mymaster'")
                .hasMessageContaining("sentinel-2: JedisConnectionException (Read timed out)")
                .hasMessageContaining("sentinel-3: no primary known");
    }

    @Test
    void aPrimaryNamedButNotRunningIsAFailureNamingItAndTheSentinel() {
        down.add("redis-1");
        SentinelPrimary primary = new SentinelPrimary(system, SENTINELS, "mymaster",
                (sentinel, master) -> Optional.of(new HostAndPort("redis-1", 6379)));

        assertThatThrownBy(primary::locate).isInstanceOf(MeasurementException.class)
                .hasMessageContaining("Could not reach the primary sentinel-1 names at redis-1")
                .hasMessageContaining("has no mapped port 6379");
    }

    @Test
    void anAddressOfTheNodesOwnNetworkIsRefusedSayingHowToAnnounceServiceNames() {
        SentinelPrimary primary = new SentinelPrimary(system, SENTINELS, "mymaster",
                (sentinel, master) -> Optional.of(new HostAndPort("172.18.0.3", 6379)));

        assertThatThrownBy(primary::locate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names the primary of 'mymaster' 172.18.0.3:6379, which is no service")
                .hasMessageContaining("replica-announce-ip <service>")
                .hasMessageContaining("sentinel announce-hostnames yes");
    }

    @Test
    void aSentinelThatIsNoServiceOfTheSystemIsRefusedAtOnce() {
        assertThatThrownBy(() -> new SentinelPrimary(system, List.of("sentinel-1", "sentinel-9"), "mymaster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no service 'sentinel-9'");
        assertThatThrownBy(() -> new SentinelPrimary(system, List.of(), "mymaster"))
                .hasMessageContaining("at least one Sentinel");
    }
}
