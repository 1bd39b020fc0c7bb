package dev.firedrill.toxiproxy.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server for the API, written out so every status line, header and empty body is
 * exactly what the official server sends (JDK's HttpServer adds and rewrites some of them).
 * Keep-alive, Content-Length and chunked request bodies, {@code Expect: 100-continue}; bodies over
 * 1 MiB are refused with 413 before they are read.
 */
public final class ApiServer implements Closeable {
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final int READ_TIMEOUT_MILLIS = 15_000;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final ApiRoutes routes;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    public ApiServer(ApiRoutes routes, InetSocketAddress address) throws IOException {
        this.routes = routes;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 128);
        this.acceptor = new Thread(this::accept, "toxiproxy-api-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                Thread thread = new Thread(null, () -> serve(socket), "toxiproxy-api", 512 * 1024);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static final class BadRequest extends Exception {
        final int status;
        final String body;
        final String contentType;

        BadRequest(int status, String contentType, String body) {
            super(body);
            this.status = status;
            this.body = body;
            this.contentType = contentType;
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                try {
                    String requestLine = readLine(in, MAX_HEADER_BYTES);
                    while (requestLine != null && requestLine.isEmpty()) {
                        requestLine = readLine(in, MAX_HEADER_BYTES);
                    }
                    if (requestLine == null) {
                        return;
                    }
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                    keepAlive = serveOne(requestLine, in, out);
                } catch (BadRequest bad) {
                    byte[] body = bad.body.getBytes(StandardCharsets.UTF_8);
                    writeResponse(out, bad.status, bad.contentType, body, Map.of(), false);
                    drainBeforeClose(socket, in);
                    return;
                }
            }
        } catch (SocketTimeoutException idle) {
            // Idle keep-alive connection or a client too slow to send its request: drop it.
        } catch (IOException gone) {
            // The client went away.
        } finally {
            open.remove(socket);
        }
    }

    /**
     * After refusing a request whose body was not read, reads (and drops) what the client still sends
     * for a moment, so that closing does not reset the connection before the client reads the answer.
     */
    private static void drainBeforeClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(2_000);
        byte[] sink = new byte[64 * 1024];
        long deadline = System.nanoTime() + 5_000_000_000L;
        long drained = 0;
        while (System.nanoTime() < deadline && drained < 64L * MAX_BODY_BYTES) {
            int n = in.read(sink);
            if (n < 0) {
                return;
            }
            drained += n;
        }
    }

    /** Reads and answers one request; returns whether the connection stays open. */
    private boolean serveOne(String requestLine, InputStream in, OutputStream out) throws IOException, BadRequest {
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty()) {
            throw badRequest("400 Bad Request");
        }
        String method = parts[0];
        String target = parts[1];
        boolean http10 = parts[2].equals("HTTP/1.0");
        String userAgent = null;
        String connection = "";
        String transferEncoding = null;
        String expect = null;
        long contentLength = -1;
        int headerBytes = 0;
        while (true) {
            String line = readLine(in, MAX_HEADER_BYTES - headerBytes);
            if (line == null) {
                throw new IOException("connection closed in headers");
            }
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new BadRequest(431, "text/plain; charset=utf-8", "431 Request Header Fields Too Large");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw badRequest("400 Bad Request: malformed MIME header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "user-agent" -> userAgent = value;
                case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                case "transfer-encoding" -> transferEncoding = value.toLowerCase(Locale.ROOT);
                case "expect" -> expect = value.toLowerCase(Locale.ROOT);
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw badRequest("400 Bad Request: bad Content-Length");
                    }
                    if (contentLength < 0) {
                        throw badRequest("400 Bad Request: bad Content-Length");
                    }
                }
                default -> {
                }
            }
        }
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        boolean chunked = transferEncoding != null && transferEncoding.contains("chunked");
        if (contentLength > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if ((chunked || contentLength > 0) && "100-continue".equals(expect)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = chunked ? readChunked(in) : readFixed(in, Math.max(0, contentLength));

        String rawPath = target;
        if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) {
            int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
            rawPath = slash < 0 ? "/" : rawPath.substring(slash);
        }
        int query = rawPath.indexOf('?');
        if (query >= 0) {
            rawPath = rawPath.substring(0, query);
        }
        if (!rawPath.startsWith("/")) {
            throw badRequest("400 Bad Request");
        }
        String path = percentDecode(rawPath);
        String cleaned = cleanPath(path);
        if (!cleaned.equals(path)) {
            writeResponse(out, 301, null, new byte[0], Map.of("Location", cleaned), keepAlive);
            return keepAlive;
        }
        ApiRoutes.Response response = routes.handle(method, path, userAgent,
                new String(body, StandardCharsets.UTF_8));
        writeResponse(out, response.status(), response.contentType(),
                method.equals("HEAD") ? new byte[0] : response.body(), response.headers(), keepAlive);
        return keepAlive;
    }

    private static BadRequest badRequest(String text) {
        return new BadRequest(400, "text/plain; charset=utf-8", text);
    }

    private static BadRequest tooLarge() {
        return new BadRequest(413, "text/plain; charset=utf-8",
                "{\"error\":\"request body too large: the limit is " + MAX_BODY_BYTES + " bytes\",\"status\":413}\n");
    }

    private static byte[] readFixed(InputStream in, long length) throws IOException {
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("body ended early");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException, BadRequest {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, 4096);
            if (sizeLine == null) {
                throw new IOException("body ended early");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw badRequest("400 Bad Request: malformed chunked encoding");
            }
            if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, 4096);
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            body.write(readFixed(in, size));
            readLine(in, 2);
        }
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1 text, or null at the end of the stream. */
    private static String readLine(InputStream in, int limit) throws IOException, BadRequest {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
            if (line.length() > limit) {
                throw new BadRequest(431, "text/plain; charset=utf-8", "431 Request Header Fields Too Large");
            }
        }
    }

    private static String percentDecode(String raw) throws BadRequest {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw badRequest("400 Bad Request");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw badRequest("400 Bad Request");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Go's path.Clean, keeping a trailing slash the way gorilla/mux does. */
    static String cleanPath(String path) {
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        String cleaned = "/" + String.join("/", kept);
        if (path.endsWith("/") && !cleaned.equals("/")) {
            cleaned += "/";
        }
        return cleaned;
    }

    private static void writeResponse(OutputStream out, int status, String contentType, byte[] body,
                                      Map<String, String> headers, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (status != 204 && status != 304) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (status != 204 && status != 304) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
        // The listener is released once the thread blocked in accept() has let go of it: close returns after that.
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
