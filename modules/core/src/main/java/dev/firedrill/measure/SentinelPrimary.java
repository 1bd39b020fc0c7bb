package dev.firedrill.measure;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where the primary of a Sentinel-monitored Redis is now, as the harness reaches it: the Sentinels are asked, in
 * turn, {@code SENTINEL get-master-addr-by-name <master>}, and the first that names a primary is believed.
 *
 * <p>Sentinel answers with the address the nodes announce on their own network, which the harness (outside it)
 * cannot reach. So the nodes must announce their service names ({@code replica-announce-ip redis-2}, and on the
 * Sentinels {@code resolve-hostnames yes}, {@code announce-hostnames yes}, as {@code examples/sentinel} does): the
 * named service is then reached through its own mapped port ({@link SystemUnderTest#endpoint}). An answer that
 * names no service of the system is an error that says so, never a guess.
 *
 * <p>Example: {@code new SentinelPrimary(system, List.of("sentinel-1", "sentinel-2", "sentinel-3"), "mymaster").locate()}
 */
public final class SentinelPrimary {

    /** The port Sentinels listen on. */
    public static final int SENTINEL_PORT = 26379;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    /** How one Sentinel is asked for the primary's address: its announced host and port, empty when it knows none. */
    interface Query {
        Optional<HostAndPort> masterAddress(Endpoint sentinel, String master);
    }

    /**
     * When a client asks the Sentinels where the primary is. A client subscribed to Sentinel's {@code +switch-master}
     * follows a failover at once ({@link #BEFORE_EVERY_WRITE}); one that keeps its connection until a write fails
     * ({@link #AFTER_A_FAILURE}) goes on writing to an old primary that is cut off from the Sentinels but still
     * answers it, and what that old primary accepts after the failover is lost.
     */
    public enum Asking {
        /** Before every write: the node the Sentinels name at that moment. */
        BEFORE_EVERY_WRITE,
        /** Before the first write, and again after a write that failed or whose connection was lost. */
        AFTER_A_FAILURE;

        /** The values a drill file writes: {@code before-every-write}, {@code after-a-failure}. */
        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Asking::text).toList();
        }

        /** {@code before-every-write} or {@code after-a-failure}; an error naming the valid values otherwise. */
        public static Asking parse(String text) {
            for (Asking a : values()) {
                if (a.text().equals(text == null ? null : text.trim().toLowerCase(java.util.Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("asking '" + text + "' is not valid; use one of " + names());
        }

        /** As a drill file writes it: {@code after-a-failure}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The primary Sentinel names: the service and where the harness reaches its port. */
    public record Located(String service, int port, Endpoint endpoint, String toldBy) {
    }

    private final SystemUnderTest system;
    private final List<String> sentinels;
    private final String master;
    private final Query query;
    private int first;   // the Sentinel that answered last is asked first

    /** The primary of {@code master} as the {@code sentinels} (services of {@code system}, port 26379) name it. */
    public SentinelPrimary(SystemUnderTest system, List<String> sentinels, String master) {
        this(system, sentinels, master, SentinelPrimary::ask);
    }

    SentinelPrimary(SystemUnderTest system, List<String> sentinels, String master, Query query) {
        this.system = Objects.requireNonNull(system, "system must not be null");
        this.sentinels = List.copyOf(Objects.requireNonNull(sentinels, "sentinels must not be null"));
        this.master = Objects.requireNonNull(master, "master must not be null");
        this.query = query;
        requireNamed(this.sentinels, master);
        for (String sentinel : this.sentinels) {
            system.requireService(sentinel, "Sentinel of '" + master + "'");
        }
    }

    /**
     * Checks what a writer or probe of a Sentinel-monitored Redis is given, before any system is known (a drill file is
     * refused when read): at least one Sentinel service, none blank or named twice, and a master name.
     */
    public static void requireNamed(List<String> sentinels, String master) {
        if (sentinels == null || sentinels.isEmpty()) {
            throw new IllegalArgumentException("a Sentinel-monitored Redis needs at least one Sentinel service (e.g. sentinel-1), got none");
        }
        if (sentinels.stream().anyMatch(s -> s == null || s.isBlank()) || new TreeSet<>(sentinels).size() != sentinels.size()) {
            throw new IllegalArgumentException("the Sentinels are services named once each; got " + sentinels);
        }
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("the master name (Sentinel's 'sentinel monitor <name> ...') must not be blank");
        }
    }

    /** The Sentinel services asked. */
    public List<String> sentinels() {
        return sentinels;
    }

    /** The master name the Sentinels monitor. */
    public String master() {
        return master;
    }

    /**
     * Asks the Sentinels, in turn, until one names the primary.
     *
     * @throws MeasurementException when none answers or none knows the master, naming what each said; or when the
     *         service named cannot be reached (not running)
     * @throws IllegalStateException when a Sentinel names an address that is no service of the system
     */
    public synchronized Located locate() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < sentinels.size(); i++) {
            int index = (first + i) % sentinels.size();
            String sentinel = sentinels.get(index);
            Optional<HostAndPort> address;
            try {
                address = query.masterAddress(system.endpoint(sentinel, SENTINEL_PORT), master);
            } catch (RuntimeException e) {
                answers.add(sentinel + ": " + MeasurementException.describe(e));
                continue;
            }
            if (address.isEmpty()) {
                answers.add(sentinel + ": no primary known for '" + master + "'");
                continue;
            }
            first = index;
            return located(address.get(), sentinel);
        }
        throw new MeasurementException("Sentinels " + sentinels, "learn the primary of '" + master + "'", String.join("; ", answers));
    }

    private Located located(HostAndPort address, String sentinel) {
        String service = address.getHost();
        if (!system.services().contains(service)) {
            throw new IllegalStateException("Sentinel " + sentinel + " names the primary of '" + master + "' " + address
                    + ", which is no service of " + system.describe() + " (services: " + new TreeSet<>(system.services())
                    + "); the harness reaches a node only by its service name: make each node announce it"
                    + " (replica-announce-ip <service>) and the Sentinels pass names on (sentinel resolve-hostnames yes,"
                    + " sentinel announce-hostnames yes), as examples/sentinel/docker-compose.yml does");
        }
        try {
            return new Located(service, address.getPort(), system.endpoint(service, address.getPort()), sentinel);
        } catch (RuntimeException e) {   // named, but not running: a dead primary Sentinel has not replaced yet
            throw new MeasurementException(service, "reach the primary " + sentinel + " names", e);
        }
    }

    /** {@code SENTINEL get-master-addr-by-name} on one Sentinel, with a short timeout (a Sentinel that hangs is skipped). */
    private static Optional<HostAndPort> ask(Endpoint sentinel, String master) {
        int millis = (int) QUERY_TIMEOUT.toMillis();
        JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                .clientName("firedrill-sentinel-query").build();
        try (Jedis jedis = new Jedis(new HostAndPort(sentinel.host(), sentinel.port()), config)) {
            List<String> reply = jedis.sentinelGetMasterAddrByName(master);
            if (reply == null || reply.size() != 2 || reply.get(0) == null) {
                return Optional.empty();
            }
            return Optional.of(new HostAndPort(reply.get(0), Integer.parseInt(reply.get(1))));
        }
    }

    @Override
    public String toString() {
        return "primary of '" + master + "' by Sentinels " + sentinels;
    }
}
