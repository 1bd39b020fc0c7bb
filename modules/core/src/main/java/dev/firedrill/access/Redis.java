package dev.firedrill.access;

import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Direct connections to a Redis service of the stack (its own mapped port, never through the proxy). */
public final class Redis {

    private Redis() {
    }

    /** A connection to {@code service}'s port 6379, 5 s timeouts. */
    public static Jedis connect(SystemUnderTest stack, String service) {
        Endpoint endpoint = stack.directEndpoint(service, 6379);
        return new Jedis(endpoint.host(), endpoint.port(), 5000);
    }

    /**
     * The first line Redis answers a new connection's {@code PING} with, read from a plain socket as {@code redis-cli}
     * would: {@code +PONG}, or an error such as {@code -ERR max number of clients reached}, which a client library may
     * only report as a closed stream.
     */
    public static String answerToNewConnection(SystemUnderTest stack, String service) {
        Endpoint endpoint = stack.directEndpoint(service, 6379);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(endpoint.host(), endpoint.port()), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            return line == null ? "(closed without an answer)" : line;
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }

    public static long usedMemory(Jedis redis) {
        return infoField(redis.info("memory"), "used_memory");
    }

    /** The whole-number field {@code field} of an {@code INFO} answer, e.g. {@code connected_clients} of {@code INFO clients}. */
    public static long infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO has no " + field + " line");
    }

    public static long deleteBallast(Jedis redis, String prefix) {
        long deleted = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                deleted += redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return deleted;
    }
}
