package dev.firedrill.release;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import dev.firedrill.capability.ServiceProcesses;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.optional;

/**
 * The maintenance window's procedures: {@code maintenance-mode}, a service's maintenance mode switched over HTTP
 * ({@link MaintenanceMode}), and {@code stack-down} / {@code stack-up}, the system taken down and brought up ({@link StackCycle}).
 */
@AutoService(KindProvider.class)
public final class MaintenanceKinds implements KindProvider {

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                procedure("maintenance-mode", "switch the service's maintenance mode: POST /admin/maintenance {\"mode\": ...}, the answer"
                        + " and a GET afterwards must say it; noted as a release change (<target> mode: off -> readonly). Only HTTP to"
                        + " the service: works on an external system too. A deploy's new container starts in its configured mode")
                        .target()
                        .param(Param.choice("mode", true, null, MaintenanceMode.MODES, "off: everything served; readonly: every write"
                                        + " refused with 503; maintenance: a maintenance page on every path but /health, /metrics, /version"),
                                optional("port", INTEGER, 8080, "the service's HTTP port"))
                        .build(a -> new MaintenanceMode(a.target(), a.text("mode"), a.integer("port"))),
                procedure("stack-down", "docker compose down: every service but those kept (and the fault proxy) stopped, dependents"
                        + " first (SIGTERM, SIGKILL after grace), and its container removed; named volumes kept")
                        .param(optional("keep", TEXTS, List.of(), "services left running, e.g. an edge serving the maintenance page"),
                                optional("grace", DURATION, Duration.ofSeconds(10), "time between SIGTERM and SIGKILL"))
                        .requires(ServiceProcesses.class)
                        .build(a -> new StackCycle.Down(new java.util.HashSet<>(a.texts("keep")), a.duration("grace"))),
                procedure("stack-up", "docker compose up -d: every service without a running container created (or started),"
                        + " dependencies first, each waited for until ready; a release deployed to a service is kept")
                        .requires(ServiceProcesses.class)
                        .build(a -> StackCycle.up()));
    }
}
