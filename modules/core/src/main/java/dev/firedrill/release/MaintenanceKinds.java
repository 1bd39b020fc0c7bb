package dev.firedrill.release;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.optional;

/** The procedure {@code maintenance-mode}: a service's maintenance mode switched over HTTP ({@link MaintenanceMode}). */
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
                        .build(a -> new MaintenanceMode(a.target(), a.text("mode"), a.integer("port"))));
    }
}
