package dev.firedrill.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the documented subset of the Compose format into a {@link StackDefinition}.
 *
 * <p>Per service: {@code image, build, environment, command, ports, healthcheck, depends_on, volumes,
 * tmpfs, labels, profiles, cpus}; a service with {@code profiles} is defined, not started ({@link ServiceDefinition#startsWithStack()}). Top level: {@code name, services, volumes}, and {@code x-firedrill} with
 * {@code proxy: {service, fronts: [...]}} and {@code volumes: {<name>: {size: 64m}}} for size-limited
 * persistent volumes, {@code {survives-destroy: true}} for a volume the destroy fault leaves (a backup repository). Anything else is an error naming the field and the valid keys, so a typo never
 * silently changes a drill. Several files merge into one stack ({@link #read(List)}).
 */
final class ComposeFile {

    private static final Set<String> TOP_LEVEL = Set.of("name", "services", "volumes", "x-firedrill", "version");
    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "environment", "command", "ports",
            "healthcheck", "depends_on", "volumes", "tmpfs", "labels", "container_name", "profiles", "cpus");
    private static final Set<String> HEALTHCHECK_KEYS = Set.of("test", "interval", "timeout", "retries", "start_period");
    private static final Set<String> EXTENSION_KEYS = Set.of("proxy", "volumes");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** Compose's own pattern of a profile's name. */
    private static final Pattern PROFILE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)b?", Pattern.CASE_INSENSITIVE);

    private final Path file;
    private final JsonNode root;

    private ComposeFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Reads one Compose file, or several merged in order: later files add services and volumes (an overlay, e.g.
     * {@code docker-compose.monitoring.yml} after {@code docker-compose.drill.yml}). A service or volume declared in two
     * files, or two {@code x-firedrill.proxy} sections, is an error naming both files: a later file never changes
     * what an earlier one declared. Relative paths (bind mounts, build folders) resolve against their own file's folder.
     */
    static StackDefinition read(List<Path> files) {
        if (files.isEmpty()) {
            throw new StackConfigurationException("A stack needs at least one Compose file");
        }
        List<ComposeFile> parts = new ArrayList<>();
        for (Path file : files) {
            parts.add(open(file, parts.isEmpty()));
        }
        Map<String, StackDefinition.VolumeDefinition> volumes = new LinkedHashMap<>();
        Map<String, Path> volumeFiles = new LinkedHashMap<>();
        for (ComposeFile part : parts) {
            for (String name : part.names(part.root.path("volumes"))) {
                once(volumeFiles, name, part.file, "volumes." + name, "volume");
                volumes.put(name, new StackDefinition.VolumeDefinition(name, Optional.empty()));
            }
        }
        Map<String, Path> limitFiles = new LinkedHashMap<>();
        for (ComposeFile part : parts) {
            part.limitVolumes(volumes, limitFiles);
        }
        Map<String, ServiceDefinition> services = new LinkedHashMap<>();
        Map<String, Path> serviceFiles = new LinkedHashMap<>();
        for (ComposeFile part : parts) {
            for (Iterator<Map.Entry<String, JsonNode>> it = part.root.path("services").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                once(serviceFiles, entry.getKey(), part.file, "services." + entry.getKey(), "service");
                services.put(entry.getKey(), part.service(entry.getKey(), entry.getValue(), volumes));
            }
        }
        for (ServiceDefinition service : services.values()) {
            for (String dependency : service.dependsOn()) {
                if (!services.containsKey(dependency)) {
                    throw error(serviceFiles.get(service.name()), "services." + service.name() + ".depends_on",
                            "names unknown service '" + dependency + "'; services are " + services.keySet());
                }
                ServiceDefinition needed = services.get(dependency);
                if (service.startsWithStack() && !needed.startsWithStack()) {
                    throw error(serviceFiles.get(service.name()), "services." + service.name() + ".depends_on",
                            "names '" + dependency + "', which has profiles " + needed.profiles() + " and so is never started"
                                    + " with the stack (Firedrill activates no profile, as Compose without --profile); a service"
                                    + " the stack starts may depend only on services without profiles: drop the dependency,"
                                    + " or the profiles of '" + dependency + "'");
                }
            }
        }
        Optional<StackDefinition.ProxyDefinition> proxy = Optional.empty();
        Path proxyFile = null;
        for (ComposeFile part : parts) {
            Optional<StackDefinition.ProxyDefinition> declared = part.proxy(services);
            if (declared.isPresent() && proxyFile != null) {
                throw new StackConfigurationException("'x-firedrill.proxy' is declared in both " + proxyFile + " and " + part.file
                        + ": a stack has one fault proxy; declare it in one file, with every service it fronts");
            }
            if (declared.isPresent()) {
                proxy = declared;
                proxyFile = part.file;
            }
        }
        StackDefinition definition = new StackDefinition(files, services, volumes, proxy, serviceFiles);
        definition.validate();
        return definition;
    }

    /** Records that {@code file} declares {@code name}, or fails naming both files when an earlier one did. */
    private static void once(Map<String, Path> declaredIn, String name, Path file, String field, String what) {
        Path earlier = declaredIn.putIfAbsent(name, file);
        if (earlier != null) {
            throw new StackConfigurationException("'" + field + "' is declared in both " + earlier + " and " + file
                    + ": a later Compose file may add " + what + "s, not declare one again; rename one or keep one of them");
        }
    }

    private static ComposeFile open(Path file, boolean first) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new StackConfigurationException("Cannot read Compose file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new StackConfigurationException("Compose file " + file + " must be a mapping with a 'services' key");
        }
        ComposeFile part = new ComposeFile(file, root);
        part.checkKeys(root, TOP_LEVEL, "");
        JsonNode servicesNode = root.path("services");
        if (first ? !servicesNode.isObject() || servicesNode.isEmpty() : !servicesNode.isMissingNode() && !servicesNode.isObject()) {
            throw part.error("services", first ? "must be a mapping of at least one service" : "must be a mapping of services");
        }
        JsonNode extension = root.path("x-firedrill");
        if (!extension.isMissingNode()) {
            part.checkKeys(extension, EXTENSION_KEYS, "x-firedrill");
        }
        return part;
    }

    /**
     * Applies this file's {@code x-firedrill.volumes} to the (merged) volumes: a {@code size} limit, and
     * {@code survives-destroy: true} for a volume that is not the service's own disk (a backup repository, D27): the
     * {@code destroy} fault leaves it.
     */
    private void limitVolumes(Map<String, StackDefinition.VolumeDefinition> volumes, Map<String, Path> limitFiles) {
        JsonNode limited = root.path("x-firedrill").path("volumes");
        for (String name : names(limited)) {
            if (!volumes.containsKey(name)) {
                throw error("x-firedrill.volumes." + name, "names no volume declared under the top-level 'volumes'; declared: " + volumes.keySet());
            }
            once(limitFiles, name, file, "x-firedrill.volumes." + name, "size limit");
            JsonNode entry = limited.get(name);
            checkKeys(entry, Set.of("size", "survives-destroy"), "x-firedrill.volumes." + name);
            JsonNode size = entry.path("size");
            JsonNode survives = entry.path("survives-destroy");
            if (!survives.isMissingNode() && !survives.isBoolean()) {
                throw error("x-firedrill.volumes." + name + ".survives-destroy", "must be true or false, got '" + survives.asText() + "'");
            }
            if (size.isMissingNode() && survives.isMissingNode()) {
                throw error("x-firedrill.volumes." + name, "needs size (e.g. '64m', units: k, m, g) or survives-destroy: true");
            }
            if (!size.isMissingNode() && !size.isTextual() && !size.isNumber()) {
                throw error("x-firedrill.volumes." + name + ".size", "is required, e.g. '64m' (units: k, m, g)");
            }
            volumes.put(name, new StackDefinition.VolumeDefinition(name,
                    size.isMissingNode() ? Optional.empty() : Optional.of(size(size.asText(), "x-firedrill.volumes." + name + ".size")),
                    survives.asBoolean(false)));
        }
    }

    /** This file's {@code x-firedrill.proxy}, checked against the services of all files. */
    private Optional<StackDefinition.ProxyDefinition> proxy(Map<String, ServiceDefinition> services) {
        JsonNode proxyNode = root.path("x-firedrill").path("proxy");
        if (proxyNode.isMissingNode()) {
            return Optional.empty();
        }
        checkKeys(proxyNode, Set.of("service", "fronts"), "x-firedrill.proxy");
        String proxyService = text(proxyNode.path("service"), "x-firedrill.proxy.service");
        if (!services.containsKey(proxyService)) {
            throw error("x-firedrill.proxy.service", "names unknown service '" + proxyService + "'; services are " + services.keySet());
        }
        if (!services.get(proxyService).startsWithStack()) {
            throw error("x-firedrill.proxy.service", "names '" + proxyService + "', which has profiles and is never started;"
                    + " the fault proxy must start with the stack: drop its profiles");
        }
        List<String> fronts = strings(proxyNode.path("fronts"), "x-firedrill.proxy.fronts");
        for (String fronted : fronts) {
            if (!services.containsKey(fronted) || fronted.equals(proxyService) || !services.get(fronted).startsWithStack()) {
                throw error("x-firedrill.proxy.fronts", "names '" + fronted + "', which is not a service the proxy can front; services"
                        + " it can front are " + services.values().stream().filter(ServiceDefinition::startsWithStack)
                        .map(ServiceDefinition::name).filter(n -> !n.equals(proxyService)).toList()
                        + " (not the proxy, not a service with profiles, which is never started)");
            }
        }
        return Optional.of(new StackDefinition.ProxyDefinition(proxyService, fronts));
    }

    private ServiceDefinition service(String name, JsonNode node, Map<String, StackDefinition.VolumeDefinition> volumes) {
        String at = "services." + name;
        if (!node.isObject()) {
            throw error(at, "must be a mapping");
        }
        checkKeys(node, SERVICE_KEYS, at);
        String image = text(node.path("image"), at + ".image");
        Optional<String> build = node.has("build")
                ? Optional.of(node.get("build").isObject() ? text(node.get("build").path("context"), at + ".build.context") : text(node.get("build"), at + ".build"))
                : Optional.empty();

        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode env = node.path("environment");
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (env.isArray()) {
            for (JsonNode item : env) {
                String pair = item.asText();
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw error(at + ".environment", "entry '" + pair + "' is not KEY=VALUE");
                }
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        } else if (!env.isMissingNode()) {
            throw error(at + ".environment", "must be a mapping or a list of KEY=VALUE");
        }

        List<String> command = node.path("command").isTextual()
                ? List.of(node.get("command").asText().trim().split("\\s+"))
                : strings(node.path("command"), at + ".command");

        List<Integer> ports = new ArrayList<>();
        for (String port : strings(node.path("ports"), at + ".ports")) {
            // "5432" (host port chosen by Docker) or "HOST:CONTAINER"; the harness always maps to an ephemeral host port.
            String containerPort = port.contains(":") ? port.substring(port.lastIndexOf(':') + 1) : port;
            try {
                ports.add(Integer.parseInt(containerPort.replace("/tcp", "")));
            } catch (NumberFormatException e) {
                throw error(at + ".ports", "entry '" + port + "' is not a port number (e.g. \"5432\")");
            }
        }

        Optional<Healthcheck> healthcheck = Optional.empty();
        JsonNode hc = node.path("healthcheck");
        if (!hc.isMissingNode()) {
            checkKeys(hc, HEALTHCHECK_KEYS, at + ".healthcheck");
            List<String> test = hc.path("test").isTextual()
                    ? List.of("CMD-SHELL", hc.get("test").asText())
                    : strings(hc.path("test"), at + ".healthcheck.test");
            try {
                healthcheck = Optional.of(new Healthcheck(test,
                        duration(hc.path("interval"), "1s", at + ".healthcheck.interval"),
                        duration(hc.path("timeout"), "5s", at + ".healthcheck.timeout"),
                        hc.path("retries").asInt(30),
                        duration(hc.path("start_period"), "0s", at + ".healthcheck.start_period")));
            } catch (IllegalArgumentException e) {
                throw error(at + ".healthcheck", e.getMessage());
            }
        }

        JsonNode deps = node.path("depends_on");
        List<String> dependsOn = deps.isObject() ? names(deps) : strings(deps, at + ".depends_on");

        List<VolumeMount> mounts = new ArrayList<>();
        for (String spec : strings(node.path("volumes"), at + ".volumes")) {
            String[] parts = spec.split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw error(at + ".volumes", "entry '" + spec + "' is not SOURCE:TARGET[:ro]");
            }
            boolean hostPath = parts[0].startsWith(".") || parts[0].startsWith("/");
            if (!hostPath && !volumes.containsKey(parts[0])) {
                throw error(at + ".volumes", "entry '" + spec + "' names volume '" + parts[0]
                        + "', which is not declared under the top-level 'volumes'; declared: " + volumes.keySet());
            }
            String source = hostPath && parts[0].startsWith(".")
                    ? file.toAbsolutePath().getParent().resolve(parts[0]).normalize().toString()
                    : parts[0];
            mounts.add(new VolumeMount(source, parts[1], parts.length == 3 && parts[2].equals("ro"), hostPath));
        }

        List<String> tmpfs = node.path("tmpfs").isTextual() ? List.of(node.get("tmpfs").asText()) : strings(node.path("tmpfs"), at + ".tmpfs");

        Map<String, String> labels = new LinkedHashMap<>();
        node.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));

        List<String> profiles = strings(node.path("profiles"), at + ".profiles");
        for (String profile : profiles) {
            if (!PROFILE.matcher(profile).matches()) {
                throw error(at + ".profiles", "entry '" + profile + "' is not a profile name (letters, digits, '_', '.', '-',"
                        + " starting with a letter or digit), e.g. tools");
            }
        }

        return new ServiceDefinition(name, image, build, environment, command, ports, healthcheck, dependsOn, mounts, tmpfs, labels,
                profiles, cpus(node.path("cpus"), at + ".cpus"));
    }

    /** Compose's {@code cpus}: a positive number of cores, e.g. {@code 1} or {@code "0.5"}; empty when absent. */
    private Optional<Double> cpus(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        double cpus;
        try {
            cpus = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw error(at, "'" + node.asText() + "' is not a number of cores (e.g. 1 or 0.5)");
        }
        if (!(cpus >= 0.01) || cpus > 1024) {
            throw error(at, "must be a number of cores from 0.01 up, e.g. 1 or 0.5, got " + node.asText());
        }
        return Optional.of(cpus);
    }

    private void checkKeys(JsonNode node, Set<String> valid, String at) {
        if (!node.isObject()) {
            throw error(at, "must be a mapping");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!valid.contains(key)) {
                throw error(at.isEmpty() ? key : at + "." + key,
                        "is not supported by Firedrill's Compose subset; valid keys here are " + new java.util.TreeSet<>(valid));
            }
        });
    }

    private List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private List<String> strings(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(at, "must be a list");
        }
        List<String> values = new ArrayList<>();
        node.forEach(item -> {
            if (!item.isValueNode()) {
                throw error(at, "must be a list of strings, found " + item.getNodeType());
            }
            values.add(item.asText());
        });
        return values;
    }

    private String text(JsonNode node, String at) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw error(at, "is required and must be a string");
        }
        return node.asText();
    }

    private Duration duration(JsonNode node, String fallback, String at) {
        String text = node.isMissingNode() ? fallback : node.asText();
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw error(at, "'" + text + "' is not a duration; use e.g. 500ms, 2s, 1m30s");
        }
        return total;
    }

    private long size(String text, String at) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw error(at, "'" + text + "' is not a size; use e.g. 64m, 512k, 1g");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    private StackConfigurationException error(String field, String problem) {
        return error(file, field, problem);
    }

    private static StackConfigurationException error(Path file, String field, String problem) {
        return new StackConfigurationException(file + ": '" + field + "' " + problem);
    }
}
