package dev.firedrill;

/**
 * Implemented by a probe factory (a {@code Function<SystemUnderTest, Probe>}) that knows, before it is bound to a
 * system, the timeline path its probe will record observations under: what objectives and guards name. A drill
 * file's guard with a probe of its own watches that path.
 *
 * <p>Example: {@code record TcpConnectProbe(String path, String service, int port) implements Function<SystemUnderTest, Probe>, ProbePath}
 */
public interface ProbePath {

    /** The path the probe records under, e.g. {@code "write"}. */
    String path();
}
