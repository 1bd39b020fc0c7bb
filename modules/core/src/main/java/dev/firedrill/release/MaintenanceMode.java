package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.HarnessClock;
import dev.firedrill.Recovery;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switches a service's maintenance mode at runtime, as a runbook does before a migration ("enable maintenance mode
 * (read-only)"): {@code POST /admin/maintenance {"mode": "readonly"}}, the answer and a {@code GET} afterwards must both
 * say the mode. The switch is noted as a release change ({@code ledger mode: off -> readonly}), so the evidence's
 * {@code releases} says when read-only began and ended.
 *
 * <p>Only the service's HTTP endpoint is used: the step works on an external system as well. A mode switched at runtime
 * lasts as long as the process: a container recreated by a deploy starts again in the mode its environment sets
 * ({@code LEDGER_MAINTENANCE_MODE}, off by default).
 */
public record MaintenanceMode(String service, String mode, int port) implements Recovery {

    /** The modes the reference service knows (docs/reference-service.md, "Maintenance modes"). */
    public static final List<String> MODES = List.of("off", "readonly", "maintenance");
    /** The note's subject is {@code <service> mode}. */
    public static final String SUBJECT_SUFFIX = " mode";
    private static final Pattern MODE = Pattern.compile("\"mode\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PREVIOUS = Pattern.compile("\"previous\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    public MaintenanceMode {
        if (service == null || service.isBlank() || service.contains(":")) {
            throw new IllegalArgumentException("maintenance-mode: 'target' names the service whose mode is switched, e.g. ledger; got '"
                    + service + "'");
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("maintenance-mode: 'mode' is one of " + String.join(", ", MODES) + "; got '" + mode + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("maintenance-mode: 'port' is the service's HTTP port, 1 to 65535; got " + port);
        }
    }

    /** Read-only on {@code service}'s port 8080: every write refused, reads served. */
    public static MaintenanceMode readOnly(String service) {
        return new MaintenanceMode(service, "readonly", 8080);
    }

    /** Maintenance off on {@code service}'s port 8080: everything served. */
    public static MaintenanceMode off(String service) {
        return new MaintenanceMode(service, "off", 8080);
    }

    @Override
    public String name() {
        return "maintenance-mode(" + service + ", " + mode + ")";
    }

    /** None: the step only speaks HTTP to the service's endpoint, which every system, external ones included, offers. */
    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of();
    }

    @Override
    public String run(SystemUnderTest system) {
        return run(system, new Timeline(HarnessClock.system()));
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        URI admin = URI.create(system.endpoint(service, port).httpUri() + "admin/maintenance");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        TimePoint asked = timeline.clock().now();
        HttpResponse<String> set = send(client, HttpRequest.newBuilder(admin).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\": \"" + mode + "\"}")).build(), "POST " + admin);
        String previous = checked(set, "POST " + admin, PREVIOUS).orElse("(unknown)");
        HttpResponse<String> get = send(client, HttpRequest.newBuilder(admin).timeout(TIMEOUT).GET().build(), "GET " + admin);
        checked(get, "GET " + admin + " after the switch", null);
        ReleaseChange change = new ReleaseChange(service + SUBJECT_SUFFIX, previous, mode, name());
        // Noted at the instant the switch was asked: a write refused while the answer was on its way is already in read-only.
        timeline.note(ReleaseChange.NOTE, change.detail(), asked);
        return change.detail() + " (POST and GET " + admin + " say " + mode + ")";
    }

    /** Checks a 200 answer that names the mode; returns the field {@code also} when given and present. */
    private java.util.Optional<String> checked(HttpResponse<String> answer, String request, Pattern also) {
        Matcher m = MODE.matcher(answer.body());
        String said = m.find() ? m.group(1) : null;
        if (answer.statusCode() != 200 || !mode.equals(said)) {
            throw new IllegalStateException(name() + ": " + request + " answered " + answer.statusCode() + " " + abbreviate(answer.body())
                    + ", expected 200 with {\"mode\": \"" + mode + "\"} (a service with the reference service's maintenance switch,"
                    + " docs/reference-service.md)");
        }
        if (also == null) {
            return java.util.Optional.empty();
        }
        Matcher a = also.matcher(answer.body());
        return a.find() && !a.group(1).isBlank() ? java.util.Optional.of(a.group(1)) : java.util.Optional.empty();
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest request, String what) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(name() + ": " + what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name() + ": interrupted during " + what, e);
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
