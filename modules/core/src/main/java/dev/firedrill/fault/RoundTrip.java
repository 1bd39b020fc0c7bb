package dev.firedrill.fault;

import dev.firedrill.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One protocol round trip on a fresh connection, the smallest request each kind of service answers:
 * PostgreSQL's SSLRequest (one byte back), Redis' PING, HTTP's {@code GET /health}. Faults use it to
 * see their effect the way a client would.
 */
final class RoundTrip {

    enum Protocol {
        POSTGRES, REDIS, HTTP;

        /** {@code postgres}, {@code redis}, else HTTP. */
        static Protocol of(String protocol) {
            return switch (String.valueOf(protocol)) {
                case "postgres" -> POSTGRES;
                case "redis" -> REDIS;
                default -> HTTP;
            };
        }
    }

    enum Outcome {
        /** The service answered. */
        ANSWERED,
        /** The connection was refused. */
        REFUSED,
        /** Closed (EOF) before any answer; an engine's port forwarder accepts then closes where nothing listens. */
        CLOSED,
        /** Reset by the peer (RST). */
        RESET,
        /** Connected, and no answer within the timeout. */
        NO_ANSWER
    }

    record Result(Outcome outcome, Duration elapsed, String detail) {
        boolean answered() {
            return outcome == Outcome.ANSWERED;
        }

        /** Refused, or closed before any answer: what a client of a proxy that is down sees. */
        boolean refused() {
            return outcome == Outcome.REFUSED || outcome == Outcome.CLOSED;
        }

        @Override
        public String toString() {
            return outcome.name().toLowerCase().replace('_', ' ') + " after " + elapsed.toMillis() + " ms"
                    + (detail == null ? "" : " (" + detail + ")");
        }
    }

    private RoundTrip() {
    }

    static Result once(Endpoint endpoint, Protocol protocol, Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request(protocol));
            out.flush();
            int first = in.read();
            if (first < 0) {
                return new Result(Outcome.CLOSED, since(start), "EOF before any answer");
            }
            if (protocol != Protocol.POSTGRES) {
                // Read the rest of the first line so that slow delivery of the answer is part of the round trip.
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    // reading the status line
                }
            }
            return new Result(Outcome.ANSWERED, since(start), "first byte '" + (char) first + "'");
        } catch (ConnectException e) {
            return new Result(Outcome.REFUSED, since(start), e.getMessage());
        } catch (SocketTimeoutException e) {
            return new Result(Outcome.NO_ANSWER, since(start), "no answer within " + timeout.toMillis() + " ms");
        } catch (SocketException e) {
            String message = String.valueOf(e.getMessage());
            if (message.toLowerCase().contains("reset")) {
                return new Result(Outcome.RESET, since(start), message);
            }
            return new Result(Outcome.CLOSED, since(start), message);
        } catch (IOException e) {
            return new Result(Outcome.CLOSED, since(start), e.toString());
        }
    }

    private static byte[] request(Protocol protocol) {
        return switch (protocol) {
            case POSTGRES -> ByteBuffer.allocate(8).putInt(8).putInt(80877103).array();   // SSLRequest
            case REDIS -> "PING\r\n".getBytes(StandardCharsets.US_ASCII);
            case HTTP -> "GET /health HTTP/1.0\r\nHost: firedrill\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
