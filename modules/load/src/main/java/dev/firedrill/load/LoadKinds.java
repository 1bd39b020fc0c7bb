package dev.firedrill.load;

import com.google.auto.service.AutoService;
import dev.firedrill.Workload;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;
import java.util.Map;

/**
 * The load generator a drill file's {@code load:} section uses: Gatling, running either the built-in simulation (writes
 * and reads through a service that speaks the reference service's contract, {@code docs/reference-service.md}) or a
 * simulation of the user's own ({@code simulation: com.example.shop.CheckoutSimulation}).
 */
@AutoService(KindProvider.class)
public final class LoadKinds implements KindProvider {

    /** The fields only the built-in simulation reads. */
    private static final List<String> BUILT_IN_ONLY = List.of("rate", "write-share", "max-duration");
    /** The fields only a simulation of the user's own reads. */
    private static final List<String> OWN_ONLY = List.of("base-url-property", "properties");

    @Override
    public List<KindDescriptor<?>> kinds() {
        LoadSettings d = LoadSettings.defaults();
        return List.of(KindDescriptor.load("gatling", "Gatling load, every request recorded in the timeline: the built-in "
                        + "writes and reads at a fixed rate, or a simulation of your own")
                .param(Param.optional("simulation", Param.Type.TEXT, null, "a Gatling simulation of your own (Java DSL): its "
                        + "fully qualified class name on the test classpath; its assertions become the objective "
                        + "gatling-assertions(SimpleClassName); left out: the built-in simulation"))
                .param(Param.optional("service", Param.Type.TEXT, "ledger", "service under load"))
                .param(Param.optional("port", Param.Type.INTEGER, 8080, "its port"))
                .param(Param.optional("base-url-property", Param.Type.TEXT, null, "your simulation only: the system property "
                        + "that receives the service's base URL (default " + SimulationSettings.DEFAULT_BASE_URL_PROPERTY + ")"))
                .param(Param.optional("properties", Param.Type.TEXT_MAP, null, "your simulation only: system properties set "
                        + "for its run (a -D of the same name wins)"))
                .param(Param.optional("rate", Param.Type.NUMBER, null, "built-in only: requests per second (default " + d.rate() + ")"))
                .param(new Param("write-share", Param.Type.SHARE, false, null, null, "built-in only: share of writes (default "
                        + d.writeShare() + ")"))
                .param(Param.optional("max-duration", Param.Type.DURATION, null, "built-in only: upper bound on the run "
                        + "(default " + d.maxDuration().toMinutes() + "m)"))
                .param(Param.optional("warm-up", Param.Type.DURATION, d.warmUp(), "sent but not recorded"))
                .param(Param.optional("baseline", Param.Type.DURATION, d.baseline(), "recorded before the drill goes on"))
                .param(Param.optional("path", Param.Type.TEXT, LoadSettings.DEFAULT_PATH, "timeline path; each request also "
                        + "under the path, a slash and the request's name (load/place order)"))
                .build(LoadKinds::load));
    }

    private static Workload load(Args a) {
        String simulation = a.text("simulation");
        List<String> misplaced = (simulation == null ? OWN_ONLY : BUILT_IN_ONLY).stream().filter(a::has).toList();
        if (!misplaced.isEmpty()) {
            throw new IllegalArgumentException(simulation == null
                    ? String.join(", ", misplaced) + ": only for a simulation of your own (simulation: <class name>); the "
                            + "built-in one takes rate, write-share and max-duration"
                    : String.join(", ", misplaced) + ": only for the built-in simulation; " + simulation + " has its own "
                            + "injection profile: pass what it reads as properties, e.g. properties: {users-per-second: \"20\"}");
        }
        if (simulation != null) {
            Map<String, String> properties = a.has("properties") ? a.textMap("properties") : Map.of();
            SimulationSettings settings = new SimulationSettings(a.text("service"), a.integer("port"),
                    a.has("base-url-property") ? a.text("base-url-property") : SimulationSettings.DEFAULT_BASE_URL_PROPERTY,
                    properties, a.duration("warm-up"), a.duration("baseline"), a.text("path"));
            return Loads.gatling(simulation, settings);
        }
        LoadSettings d = LoadSettings.defaults();
        return Loads.ledger(a.text("service"), a.integer("port"), new LoadSettings(a.has("rate") ? a.number("rate") : d.rate(),
                a.has("write-share") ? a.number("write-share") : d.writeShare(),
                a.has("max-duration") ? a.duration("max-duration") : d.maxDuration(), a.duration("warm-up"),
                a.duration("baseline"), a.text("path")));
    }
}
