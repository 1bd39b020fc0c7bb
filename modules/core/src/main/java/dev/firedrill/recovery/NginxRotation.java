package dev.firedrill.recovery;

import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.SystemUnderTest;

import org.awaitility.core.ConditionTimeoutException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The instances an nginx load balancer ({@code lb}, docs/stack.md) sends traffic to. Changing the rotation
 * rewrites its configuration ({@value #CONFIG}), checks it ({@code nginx -t}), reloads it ({@code nginx -s reload})
 * and waits until every worker of the old configuration has finished its requests and exited: from then on
 * no request reaches an instance that left the rotation. The lb listens on its first port, instances are
 * reached on their first port; an instance is a service, or an extra instance of a scaled one ({@link ServiceScaling}).
 */
final class NginxRotation {

    static final String CONFIG = "/etc/nginx/conf.d/default.conf";
    /** Old workers finish the requests in flight (read timeout below) before they exit. */
    private static final Duration OLD_WORKERS_BOUND = Duration.ofSeconds(40);
    private static final Pattern SERVER_LINE = Pattern.compile("^\\s*server\\s+\\S+.*#\\s*instance\\s+(\\S+)\\s*$",
            Pattern.MULTILINE);
    private static final String WORKER_PIDS = "for d in /proc/[0-9]*; do c=$(tr '\\0' ' ' < $d/cmdline 2>/dev/null); "
            + "case \"$c\" in 'nginx: worker process'*) echo ${d#/proc/};; esac; done";

    private final SystemUnderTest system;
    private final String lb;

    NginxRotation(SystemUnderTest system, String lb) {
        this.system = system;
        this.lb = lb;
        system.requireService(lb, "a rotation change");
    }

    /** The instances in rotation now, as its configuration names them. */
    List<String> current() {
        ServiceCommands.CommandResult r = commands(system).exec(lb, "cat", CONFIG);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("cannot read " + CONFIG + " in '" + lb + "': " + r.stderr().strip());
        }
        List<String> instances = new ArrayList<>();
        Matcher m = SERVER_LINE.matcher(r.stdout());
        while (m.find()) {
            instances.add(m.group(1));
        }
        return instances;
    }

    /** Puts exactly {@code instances} in rotation; returns what changed, for the step's output. */
    String set(List<String> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("'" + lb + "' needs at least one instance in rotation");
        }
        List<String> before = current();
        String config = config(instances);
        String encoded = Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8));
        ServiceCommands.CommandResult write = commands(system).exec(lb, "sh", "-c", "cp " + CONFIG + " " + CONFIG + ".previous && echo " + encoded
                + " | base64 -d > " + CONFIG + " && nginx -t 2>&1 || { cp " + CONFIG + ".previous " + CONFIG + "; exit 3; }");
        if (write.exitCode() != 0) {
            throw new IllegalStateException("the new configuration of '" + lb + "' (" + instances + ") was rejected, "
                    + "the previous one is kept: " + (write.stdout() + write.stderr()).strip());
        }
        Set<String> oldWorkers = workers();
        long started = System.nanoTime();
        ServiceCommands.CommandResult reload = commands(system).exec(lb, "nginx", "-s", "reload");
        if (reload.exitCode() != 0) {
            throw new IllegalStateException("nginx -s reload in '" + lb + "' failed: " + reload.stderr().strip());
        }
        try {
            await("old nginx workers of '" + lb + "' finished").atMost(OLD_WORKERS_BOUND).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread().until(() -> {
                        Set<String> now = workers();
                        return !now.isEmpty() && now.stream().noneMatch(oldWorkers::contains);
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("'" + lb + "' still ran workers of the old configuration " + OLD_WORKERS_BOUND
                    + " after nginx -s reload (reload not taken, or requests hanging); workers now " + workers());
        }
        return "rotation of '" + lb + "' is " + instances + " (was " + before + "); " + oldWorkers.size()
                + " old workers finished their requests and exited " + (System.nanoTime() - started) / 1_000_000 + " ms after the reload";
    }

    private Set<String> workers() {
        ServiceCommands.CommandResult r = commands(system).exec(lb, "sh", "-c", WORKER_PIDS);
        return new TreeSet<>(Arrays.stream(r.stdout().split("\\s+")).filter(s -> !s.isBlank()).toList());
    }

    /** The service an instance runs: itself, or (an extra instance of a scaled service, {@link ServiceScaling}) the scaled one. */
    private String serviceOf(String instance) {
        if (system.services().contains(instance)) {
            return instance;
        }
        return system.capability(ServiceScaling.class).flatMap(s -> s.serviceOf(instance)).orElseThrow(() -> new IllegalArgumentException(
                "'" + instance + "' is neither a service of " + system.describe() + " nor an instance of a scaled one; services: "
                        + system.services()));
    }

    /** How the lb reaches an instance on the network: a service's address, or an extra instance's name. */
    private String address(String instance) {
        return system.services().contains(instance) ? network(system).address(instance)
                : system.require(ServiceScaling.class, "a rotation change").address(instance);
    }

    private String config(List<String> instances) {
        int listen = system.ports(lb).get(0);
        String upstream = lb.replaceAll("[^A-Za-z0-9]", "_") + "_instances";
        StringBuilder text = new StringBuilder("# Written by Firedrill: the instances in rotation behind '" + lb
                + "' (draining one = removing its line, then nginx -s reload).\nupstream " + upstream + " {\n");
        for (String instance : instances) {
            int port = system.ports(serviceOf(instance)).get(0);
            text.append("    server ").append(address(instance)).append(':').append(port)
                    .append(" max_fails=1 fail_timeout=2s;  # instance ").append(instance).append('\n');
        }
        return text.append("    keepalive 32;\n}\nserver {\n    listen ").append(listen).append(";\n    location / {\n")
                .append("        proxy_pass http://").append(upstream).append(";\n")
                .append("        proxy_http_version 1.1;\n        proxy_set_header Connection \"\";\n")
                .append("        proxy_connect_timeout 2s;\n        proxy_read_timeout 15s;\n    }\n}\n").toString();
    }
}
