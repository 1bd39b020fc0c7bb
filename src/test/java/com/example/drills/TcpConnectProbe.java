package com.example.drills;

import com.google.auto.service.AutoService;
import dev.firedrill.Endpoint;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.Probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A probe Firedrill does not ship, written as a user would: every 100 ms a TCP connection to a service's port must
 * be accepted within the timeout (then closed at once). It sees a port go away (a killed process, a proxy down, a
 * partition) without speaking the service's protocol. Observations are recorded under the path the drill names.
 *
 * <p>In a drill file: {@code - {probe: tcp-connect, path: postgres-port, service: postgres, port: 5432}}.
 *
 * @param path    the path its observations are recorded under, as objectives name it
 * @param service the service whose port is probed, reached as clients reach it (through the fault proxy when one fronts it)
 * @param port    the port
 * @param timeout bound on each connect
 */
public record TcpConnectProbe(String path, String service, int port, Duration timeout) implements Function<SystemUnderTest, Probe>, ProbePath {

    /** How often it connects. */
    public static final Duration INTERVAL = Duration.ofMillis(100);

    public TcpConnectProbe {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("tcp-connect: path (the name objectives use) must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("tcp-connect '" + path + "': port must be 1..65535, got " + port);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("tcp-connect '" + path + "': timeout must be positive, got " + timeout);
        }
    }

    /** The kind {@code tcp-connect}: found through ServiceLoader, so a drill file can name it. */
    @AutoService(KindProvider.class)
    public static final class Provider implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.probe("tcp-connect", "a TCP connect to a service's port must succeed, every 100 ms (path: as named)")
                    .param(Param.required("path", Param.Type.TEXT, "the path name objectives use"),
                            Param.required("service", Param.Type.TEXT, "the service probed"),
                            Param.required("port", Param.Type.INTEGER, "its port"),
                            Param.optional("timeout", Param.Type.DURATION, Duration.ofSeconds(1), "bound on each connect"))
                    .build(a -> new TcpConnectProbe(a.text("path"), a.text("service"), a.integer("port"), a.duration("timeout"))));
        }
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        return new Connects(system.endpoint(service, port));
    }

    @Override
    public String toString() {
        return "tcp-connect " + path + "(" + service + ":" + port + ")";
    }

    /** The probe bound to the endpoint where the harness reaches the port. */
    private final class Connects implements Probe {
        private final Endpoint endpoint;

        Connects(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Running start(Timeline timeline) {
            return Probes.every(path, INTERVAL, timeout, timeline, n -> observe(timeline));
        }

        private Observation observe(Timeline timeline) {
            TimePoint start = timeline.clock().now();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.max(1, timeout.toMillis()));
                return new Observation(path, start, timeline.clock().now().since(start), true, "connected to " + endpoint);
            } catch (IOException e) {
                return new Observation(path, start, timeline.clock().now().since(start), false, "connect to " + endpoint + ": " + e);
            }
        }
    }
}
