package dev.firedrill.toxiproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Toxiproxy HTTP API: routes, request decoding and the proxy collection. Status codes, bodies,
 * header details and ordering follow Toxiproxy 2.12.0, except where the official server crashes
 * or hangs: those inputs get a 400 with a JSON error (docs/fault-proxy.md).
 */
public final class ApiRoutes {
    /** The version reported by GET /version and -version. */
    public static final String VERSION = "2.12.0";

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    /** An HTTP answer: status, content type (null for none), body and extra headers. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response of(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
        }

        static Response empty(int status) {
            return new Response(status, null, new byte[0], new LinkedHashMap<>());
        }

        /** A handler error: Go's http.Error with a compact JSON body and a newline. */
        static Response error(int status, String message) {
            StringBuilder body = new StringBuilder("{\"error\":");
            Json.quote(body, message).append(",\"status\":").append(status).append("}\n");
            Response response = of(status, TEXT, body.toString());
            response.headers.put("X-Content-Type-Options", "nosniff");
            return response;
        }
    }

    /** A handler outcome other than success. */
    private static final class Failure extends Exception {
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Map<String, Proxy> proxies = new TreeMap<>();
    private final boolean metricsEnabled;
    private final boolean runtimeMetrics;
    private final RequestIds requestIds = new RequestIds();
    private final Leases leases = new Leases(System::nanoTime);

    public ApiRoutes(boolean proxyMetrics, boolean runtimeMetrics) {
        this.metricsEnabled = proxyMetrics || runtimeMetrics;
        this.runtimeMetrics = runtimeMetrics;
    }

    /**
     * Answers one request. {@code path} is the decoded path; {@code body} is the request body as text.
     */
    public Response handle(String method, String path, String userAgent, String body) {
        String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
        Set<String> allowed = allowedMethods(parts);
        if (allowed == null || hasEmptySegment(parts)) {
            Response notFound = Response.of(404, TEXT, "404 page not found\n");
            notFound.headers.put("X-Content-Type-Options", "nosniff");
            return notFound;
        }
        if (!allowed.contains(method) && !allowed.contains("*")) {
            return Response.empty(405);
        }
        Response response;
        if (userAgent != null && userAgent.startsWith("Mozilla/")) {
            response = Response.of(403, TEXT, "User agent not allowed\n");
        } else {
            response = route(method, parts, body == null ? "" : body);
        }
        response.headers.put("X-Toxiproxy-Request-Id", requestIds.next());
        return response;
    }

    private static boolean hasEmptySegment(String[] parts) {
        for (String part : parts) {
            if (part.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Set<String> allowedMethods(String[] parts) {
        switch (parts.length) {
            case 1:
                return switch (parts[0]) {
                    case "version" -> Set.of("GET");
                    case "proxies" -> Set.of("GET", "POST");
                    case "populate", "reset" -> Set.of("POST");
                    case "leases" -> Set.of("GET");
                    case "metrics" -> metricsEnabled ? Set.of("*") : null;
                    default -> null;
                };
            case 2:
                return switch (parts[0]) {
                    case "proxies" -> Set.of("GET", "POST", "PATCH", "DELETE");
                    case "leases" -> Set.of("GET", "PUT", "DELETE");
                    default -> null;
                };
            case 3:
                return parts[0].equals("proxies") && parts[2].equals("toxics") ? Set.of("GET", "POST") : null;
            case 4:
                return parts[0].equals("proxies") && parts[2].equals("toxics")
                        ? Set.of("GET", "POST", "PATCH", "DELETE") : null;
            default:
                return null;
        }
    }

    private Response route(String method, String[] parts, String body) {
        synchronized (proxies) {
            try {
                if (parts.length == 1) {
                    return switch (parts[0]) {
                        case "version" -> Response.of(200, "application/json;charset=utf-8",
                                "{\"version\": \"" + VERSION + "\"}\n");
                        case "proxies" -> method.equals("GET") ? listProxies() : createProxy(body);
                        case "populate" -> populate(body);
                        case "reset" -> reset();
                        case "leases" -> ok(leases.all().stream().map(leases::json).collect(java.util.stream.Collectors.joining(",", "[", "]")));
                        default -> Response.of(200, "text/plain; version=0.0.4; charset=utf-8",
                                Metrics.render(proxies.values(), runtimeMetrics));
                    };
                }
                if (parts[0].equals("leases")) {
                    return lease(method, parts[1], body);
                }
                Proxy proxy = proxies.get(parts[1]);
                if (proxy == null) {
                    throw new Failure(404, "proxy not found");
                }
                if (parts.length == 2) {
                    return switch (method) {
                        case "GET" -> ok(proxy.appendJson(new StringBuilder()));
                        case "DELETE" -> deleteProxy(proxy);
                        default -> updateProxy(proxy, body);
                    };
                }
                if (parts.length == 3) {
                    return method.equals("GET") ? listToxics(proxy) : createToxic(proxy, body);
                }
                ToxicSpec toxic = proxy.toxic(parts[3]);
                if (toxic == null) {
                    throw new Failure(404, "toxic not found");
                }
                return switch (method) {
                    case "GET" -> ok(toxic.appendJson(new StringBuilder()));
                    case "DELETE" -> {
                        proxy.removeToxic(toxic);
                        yield Response.empty(204);
                    }
                    default -> updateToxic(proxy, toxic, body);
                };
            } catch (Failure failure) {
                return Response.error(failure.status, failure.getMessage());
            }
        }
    }

    private static Response ok(CharSequence json) {
        return Response.of(200, JSON, json.toString());
    }

    // ---- leases (Firedrill's extension: Leases) ----

    private Response lease(String method, String id, String body) throws Failure {
        switch (method) {
            case "PUT" -> {
                try {
                    return ok(leases.json(leases.put(id, parse(body))));
                } catch (IllegalArgumentException e) {
                    throw new Failure(400, e.getMessage());
                }
            }
            case "DELETE" -> {
                if (!leases.remove(id)) {
                    throw new Failure(404, "lease not found");
                }
                return Response.empty(204);
            }
            default -> {
                Leases.Lease lease = leases.get(id);
                if (lease == null) {
                    throw new Failure(404, "lease not found");
                }
                return ok(leases.json(lease));
            }
        }
    }

    /**
     * Undoes the lists of the leases that ran out (their harness stopped renewing them: it died): removes their toxics,
     * enables their proxies. Returns one line per change made, for the log.
     */
    public List<String> expireLeases() {
        List<String> done = new ArrayList<>();
        synchronized (proxies) {
            for (Leases.Lease lease : leases.takeExpired()) {
                for (Leases.Undo undo : lease.undo()) {
                    Proxy proxy = proxies.get(undo.proxy());
                    if (proxy == null) {
                        continue;
                    }
                    if (undo.toxic() != null) {
                        ToxicSpec toxic = proxy.toxic(undo.toxic());
                        if (toxic != null) {
                            proxy.removeToxic(toxic);
                            done.add("lease " + lease.id() + " ran out: removed toxic " + undo.toxic() + " of proxy " + undo.proxy());
                        }
                    } else if (!proxy.enabled()) {
                        try {
                            startOr500(proxy);
                            done.add("lease " + lease.id() + " ran out: enabled proxy " + undo.proxy());
                        } catch (Failure e) {
                            done.add("lease " + lease.id() + " ran out: could not enable proxy " + undo.proxy() + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        return done;
    }

    // ---- proxies ----

    private Response listProxies() {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Proxy> entry : proxies.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(out, entry.getKey()).append(':');
            entry.getValue().appendJson(out);
        }
        return ok(out.append('}'));
    }

    /** A proxy as the client described it in POST /proxies or /populate. */
    private record ProxyInput(String name, String listen, String upstream, boolean enabled) {
    }

    private static ProxyInput readProxy(Object value) throws GoFields.DecodeException {
        GoFields fields = GoFields.of(value, "toxiproxy.Proxy", "Proxy");
        return new ProxyInput(fields.string("name", ""), fields.string("listen", ""),
                fields.string("upstream", ""), fields.bool("enabled", true));
    }

    private Response createProxy(String body) throws Failure {
        ProxyInput input;
        try {
            input = readProxy(parse(body));
        } catch (GoFields.DecodeException e) {
            throw badBody(e.getMessage());
        }
        if (input.name.isEmpty()) {
            throw new Failure(400, "missing required field: name");
        }
        if (input.upstream.isEmpty()) {
            throw new Failure(400, "missing required field: upstream");
        }
        if (proxies.containsKey(input.name)) {
            throw new Failure(409, "proxy already exists");
        }
        Proxy proxy = new Proxy(input.name, input.listen, input.upstream);
        if (input.enabled) {
            startOr500(proxy);
        }
        proxies.put(input.name, proxy);
        return Response.of(201, JSON, proxy.appendJson(new StringBuilder()).toString());
    }

    private Response populate(String body) {
        List<ProxyInput> inputs = new ArrayList<>();
        try {
            Object parsed = parse(body);
            if (parsed != null && !(parsed instanceof List)) {
                throw new GoFields.DecodeException("json: cannot unmarshal " + kind(parsed)
                        + " into Go value of type []toxiproxy.Proxy");
            }
            if (parsed != null) {
                for (Object entry : (List<?>) parsed) {
                    inputs.add(readProxy(entry));
                }
            }
        } catch (GoFields.DecodeException e) {
            return populateAnswer(400, "bad request body: " + e.getMessage(), null);
        } catch (Failure f) {
            return populateAnswer(f.status, f.getMessage(), null);
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name.isEmpty()) {
                return populateAnswer(400, "missing required field: name at proxy " + (i + 1), null);
            }
            if (inputs.get(i).upstream.isEmpty()) {
                return populateAnswer(400, "missing required field: upstream at proxy " + (i + 1), null);
            }
        }
        List<Proxy> done = new ArrayList<>();
        for (ProxyInput input : inputs) {
            Proxy existing = proxies.get(input.name);
            if (existing != null && sameListen(existing, input.listen) && existing.upstream().equals(input.upstream)) {
                done.add(existing);
                continue;
            }
            if (existing != null) {
                existing.stop();
                proxies.remove(input.name);
            }
            Proxy proxy = new Proxy(input.name, input.listen, input.upstream);
            if (input.enabled) {
                try {
                    proxy.start();
                } catch (Proxy.StartException e) {
                    return populateAnswer(500, e.getMessage(), done);
                }
            }
            proxies.put(input.name, proxy);
            done.add(proxy);
        }
        return populateAnswer(201, null, done);
    }

    private static String kind(Object value) {
        return value instanceof Json.Number ? "number" : Json.kindOf(value);
    }

    private static boolean sameListen(Proxy proxy, String listen) {
        try {
            return Addresses.resolve(listen).text().equals(proxy.listen())
                    || listen.equals(proxy.listen());
        } catch (Addresses.AddressException e) {
            return false;
        }
    }

    private static Response populateAnswer(int status, String error, List<Proxy> done) {
        StringBuilder out = new StringBuilder("{");
        if (error != null) {
            out.append("\"error\":");
            Json.quote(out, error).append(",\"status\":").append(status).append(',');
        }
        out.append("\"proxies\":");
        if (done == null || done.isEmpty()) {
            out.append("null");
        } else {
            out.append('[');
            for (int i = 0; i < done.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                done.get(i).appendJson(out);
            }
            out.append(']');
        }
        return Response.of(status, JSON, out.append('}').toString());
    }

    private Response updateProxy(Proxy proxy, String body) throws Failure {
        String listen;
        String upstream;
        boolean enabled;
        try {
            GoFields fields = GoFields.of(parse(body), "toxiproxy.Proxy", "Proxy");
            listen = fields.string("listen", proxy.listen());
            upstream = fields.string("upstream", proxy.upstream());
            enabled = fields.bool("enabled", proxy.enabled());
        } catch (GoFields.DecodeException e) {
            throw badBody(e.getMessage());
        }
        String resolvedListen;
        try {
            resolvedListen = Addresses.resolve(listen).text();
        } catch (Addresses.AddressException e) {
            throw new Failure(500, e.getMessage());
        }
        if (!resolvedListen.equals(proxy.listen()) || !upstream.equals(proxy.upstream())) {
            proxy.stop();
            proxy.relocate(listen, upstream);
        }
        if (enabled != proxy.enabled()) {
            if (enabled) {
                startOr500(proxy);
            } else {
                proxy.stop();
            }
        }
        return ok(proxy.appendJson(new StringBuilder()));
    }

    private Response deleteProxy(Proxy proxy) {
        proxy.stop();
        proxies.remove(proxy.name);
        return Response.empty(204);
    }

    private Response reset() throws Failure {
        for (Proxy proxy : proxies.values()) {
            startOr500(proxy);
            proxy.removeAllToxics();
        }
        return Response.empty(204);
    }

    private static void startOr500(Proxy proxy) throws Failure {
        try {
            proxy.start();
        } catch (Proxy.StartException e) {
            throw new Failure(500, e.getMessage());
        }
    }

    // ---- toxics ----

    private Response listToxics(Proxy proxy) {
        StringBuilder out = new StringBuilder("[");
        List<ToxicSpec> toxics = proxy.toxicsInListOrder();
        for (int i = 0; i < toxics.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            toxics.get(i).appendJson(out);
        }
        return ok(out.append(']'));
    }

    private Response createToxic(Proxy proxy, String body) throws Failure {
        Object parsed = parse(body);
        GoFields fields;
        String name;
        String type;
        String stream;
        float toxicity;
        try {
            fields = GoFields.of(parsed, "toxiproxy.ToxicWrapper", "ToxicWrapper");
            name = fields.string("name", "");
            type = fields.string("type", "");
            stream = fields.string("stream", "downstream");
            toxicity = fields.float32("toxicity", 1f);
        } catch (GoFields.DecodeException e) {
            throw badBody(e.getMessage());
        }
        boolean upstream;
        if (stream.equalsIgnoreCase("upstream")) {
            upstream = true;
        } else if (stream.equalsIgnoreCase("downstream")) {
            upstream = false;
        } else {
            throw new Failure(400, "stream was invalid, can be either upstream or downstream");
        }
        if (name.isEmpty()) {
            name = type + "_" + stream;
        }
        ToxicKind kind = ToxicKind.byWireName(type);
        if (kind == null) {
            throw new Failure(400, "invalid toxic type");
        }
        if (proxy.toxic(name) != null) {
            throw new Failure(409, "toxic already exists");
        }
        Map<String, Long> attributes = new LinkedHashMap<>();
        for (String attribute : kind.attributes) {
            attributes.put(attribute, 0L);
        }
        readAttributes(fields, kind, attributes);
        ToxicSpec toxic = new ToxicSpec(name, kind, stream, upstream, toxicity, attributes);
        proxy.addToxic(toxic);
        return ok(toxic.appendJson(new StringBuilder()));
    }

    private Response updateToxic(Proxy proxy, ToxicSpec toxic, String body) throws Failure {
        Object parsed = parse(body);
        GoFields fields;
        float toxicity;
        try {
            fields = GoFields.of(parsed, "toxiproxy.ToxicWrapper", "ToxicWrapper");
            toxicity = fields.float32("toxicity", toxic.toxicity());
        } catch (GoFields.DecodeException e) {
            throw badBody(e.getMessage());
        }
        Map<String, Long> attributes = new LinkedHashMap<>(toxic.attributes());
        readAttributes(fields, toxic.kind(), attributes);
        ToxicSpec updated = toxic.with(toxicity, attributes);
        proxy.updateToxic(updated);
        return ok(updated.appendJson(new StringBuilder()));
    }

    /** Merges the present attributes into {@code into}; wrong types and values the server cannot run are 400. */
    private static void readAttributes(GoFields fields, ToxicKind kind, Map<String, Long> into) throws Failure {
        try {
            GoFields attributes = fields.nested("attributes", kind.goStruct);
            for (String attribute : kind.attributes) {
                into.put(attribute, attributes.int64(attribute, into.get(attribute)));
            }
        } catch (GoFields.DecodeException e) {
            throw badBody(e.getMessage());
        }
        String rejection = kind.rejection(into);
        if (rejection != null) {
            throw new Failure(400, rejection);
        }
    }

    private static Object parse(String body) throws Failure {
        try {
            return Json.parse(body);
        } catch (Json.SyntaxException e) {
            throw badBody(e.getMessage());
        }
    }

    private static Failure badBody(String detail) {
        return new Failure(400, "bad request body: " + detail);
    }

    /** Stops every proxy (server shutdown). */
    public void stopAll() {
        synchronized (proxies) {
            for (Proxy proxy : proxies.values()) {
                proxy.stop();
            }
        }
    }

    /** Applies a -config file's contents (a /populate body); returns the error text or null. */
    public String populateFromConfig(String json) {
        Response response;
        synchronized (proxies) {
            response = populate(json);
        }
        if (response.status() == 201) {
            return null;
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
