package dev.firedrill.spec;

import dev.firedrill.Endpoint;
import dev.firedrill.external.ExternalSystem;
import dev.firedrill.kind.Param;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an endpoints file: the services of a system Firedrill did not start (external mode) and the
 * Toxiproxy API in front of its dependencies. Mistakes are named like a drill file's (file, line, column, field).
 *
 * <pre>
 * fault-proxy: http://127.0.0.1:8474        # Toxiproxy API (optional: without it no fault applies)
 * services:
 *   ledger:   {url: http://127.0.0.1:18080, proxy: ledger}
 *   postgres: {url: "jdbc:postgresql://127.0.0.1:15432/ledger", proxy: postgres, environment: {POSTGRES_USER: ledger},
 *              admin-url: "jdbc:postgresql://127.0.0.1:5432/ledger"}   # the harness's SQL sessions: the server itself
 * </pre>
 */
public final class EndpointsFile {

    static final List<String> TOP = List.of("fault-proxy", "services");

    private EndpointsFile() {
    }

    /** Reads {@code file}. */
    public static ExternalSystem read(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DrillFileException(List.of(new DrillFileException.Problem(file.toString(), 0, 0, "(file)", "could not be read: " + e)));
        }
    }

    /** Parses {@code text} as the content of {@code file}. */
    public static ExternalSystem parse(Path file, String text) {
        Reading r = new Reading(file.toString());
        YamlNode.Mapping top = r.mapping(YamlReader.read(file.toString(), text), "(root)", "an endpoints file: fault-proxy, services");
        r.throwIfAny();
        r.rejectUnknownKeys(top, "", TOP, "an endpoints file");
        Optional<Endpoint> api = Optional.empty();
        YamlNode apiNode = top.entries().get("fault-proxy");
        if (apiNode != null) {
            String t = r.text(apiNode, "fault-proxy");
            if (t != null) {
                try {
                    URI u = new URI(t.contains("://") ? t : "http://" + t);
                    api = Optional.of(new Endpoint(u.getHost(), u.getPort()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    r.problem(apiNode, "fault-proxy", "'" + t + "' is not a host and port, e.g. http://127.0.0.1:8474");
                }
            }
        }
        Map<String, ExternalSystem.Service> services = new LinkedHashMap<>();
        YamlNode servicesNode = top.entries().get("services");
        if (servicesNode == null) {
            r.problem(top, "services", "missing: an endpoints file needs 'services' (name: {url, proxy, environment, admin-url})");
        } else {
            YamlNode.Mapping m = r.mapping(servicesNode, "services", "name: {url, proxy, environment, admin-url}");
            if (m != null) {
                m.entries().forEach((name, node) -> {
                    String path = "services." + name;
                    YamlNode.Mapping s = r.mapping(node, path, "url, proxy, environment, admin-url");
                    if (s == null) {
                        return;
                    }
                    int before = r.problems.size();
                    Map<String, Object> v = r.params(s, path, List.of(
                            Param.required("url", Param.Type.TEXT, "where the harness reaches it: http://host:port, jdbc:postgresql://host:port/db, redis://host:port"),
                            Param.optional("proxy", Param.Type.TEXT, null, "the Toxiproxy proxy in front of it"),
                            Param.optional("environment", Param.Type.TEXT_MAP, Map.of(), "its settings (credentials), never logged unmasked"),
                            Param.optional("admin-url", Param.Type.TEXT, null, "for a jdbc:postgresql service behind a proxy: where the"
                                    + " harness's own SQL sessions reach the server itself, bypassing the proxy")),
                            List.of(), "service '" + name + "'");
                    if (r.problems.size() > before) {
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, String> env = (Map<String, String>) v.get("environment");
                    ExternalSystem.Service service;
                    try {
                        service = new ExternalSystem.Service(name, URI.create((String) v.get("url")), Optional.ofNullable((String) v.get("proxy")), env);
                    } catch (IllegalArgumentException e) {
                        r.problem(s, path + ".url", e.getMessage());
                        return;
                    }
                    String admin = (String) v.get("admin-url");
                    if (admin != null) {
                        try {
                            service = new ExternalSystem.Service(name, service.url(), service.proxy(), env, Optional.of(URI.create(admin)));
                        } catch (IllegalArgumentException e) {
                            r.problem(s, path + ".admin-url", e.getMessage());
                            return;
                        }
                    }
                    services.put(name, service);
                });
                if (m.entries().isEmpty()) {
                    r.problem(m, "services", "must name at least one service");
                }
            }
        }
        r.throwIfAny();
        return new ExternalSystem(api, services);
    }
}
