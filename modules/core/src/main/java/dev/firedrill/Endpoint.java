package dev.firedrill;

import java.net.URI;

/**
 * A host and port the harness can connect to, e.g. {@code 127.0.0.1:49153}.
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Endpoint host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Endpoint port " + port + " is outside 1..65535");
        }
    }

    /** {@code http://host:port}. */
    public URI httpUri() {
        return URI.create("http://" + this + "/");
    }

    /** {@code https://host:port}. */
    public URI httpsUri() {
        return URI.create("https://" + this + "/");
    }

    /** {@code jdbc:postgresql://host:port/database}. */
    public String jdbcPostgres(String database) {
        return "jdbc:postgresql://" + this + "/" + database;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
