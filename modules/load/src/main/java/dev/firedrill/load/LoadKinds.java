package dev.firedrill.load;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;

/**
 * The load generator a drill file's {@code load:} section uses: Gatling writing and reading through a service that
 * speaks the reference service's contract ({@code docs/reference-service.md}).
 */
@AutoService(KindProvider.class)
public final class LoadKinds implements KindProvider {

    @Override
    public List<KindDescriptor<?>> kinds() {
        LoadSettings d = LoadSettings.defaults();
        return List.of(KindDescriptor.load("gatling", "Gatling writes and reads at a fixed rate, every request recorded in the timeline")
                .param(Param.optional("service", Param.Type.TEXT, "ledger", "service under load"))
                .param(Param.optional("port", Param.Type.INTEGER, 8080, "its port"))
                .param(Param.optional("rate", Param.Type.NUMBER, d.rate(), "requests per second"))
                .param(new Param("write-share", Param.Type.SHARE, false, d.writeShare(), null, "share of writes"))
                .param(Param.optional("max-duration", Param.Type.DURATION, d.maxDuration(), "upper bound on the run"))
                .param(Param.optional("warm-up", Param.Type.DURATION, d.warmUp(), "sent but not recorded"))
                .param(Param.optional("baseline", Param.Type.DURATION, d.baseline(), "recorded before the drill goes on"))
                .param(Param.optional("path", Param.Type.TEXT, LoadSettings.DEFAULT_PATH, "timeline path"))
                .build(a -> Loads.ledger(a.text("service"), a.integer("port"), new LoadSettings(a.number("rate"),
                        a.number("write-share"), a.duration("max-duration"), a.duration("warm-up"), a.duration("baseline"),
                        a.text("path")))));
    }
}
