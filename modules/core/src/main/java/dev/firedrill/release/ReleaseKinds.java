package dev.firedrill.release;

import com.google.auto.service.AutoService;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.fault;
import static dev.firedrill.kind.KindDescriptor.preparation;
import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The release kinds: fault {@code deploy} (a bad release); procedures {@code deploy}, {@code rollback}, {@code retag};
 * preparation {@code rollback-tag}.
 */
@AutoService(KindProvider.class)
public final class ReleaseKinds implements KindProvider {

    private static final Param IMAGE = required("image", TEXT, "the image deployed, with its tag, e.g. firedrill/ledger:2.0.0");

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                fault("deploy", "a release deployed as the runbook deploys one (the running image kept as <repository>:previous, the"
                        + " target recreated from 'image'); undone by recreating it from the image it ran before").target()
                        .param(IMAGE)
                        .requires(ServiceImages.class)
                        .build(a -> ReleaseSteps.badRelease(a.target(), a.text("image"))),
                procedure("deploy", "deploy a release: the running image kept as <repository>:previous, the target recreated from"
                        + " 'image', ready once its healthcheck passes").target()
                        .param(IMAGE)
                        .requires(ServiceImages.class)
                        .build(a -> ReleaseSteps.deploy(a.target(), a.text("image"))),
                procedure("rollback", "roll back by image (runbook 001 Quick Rollback): the running image tagged <repository>:bad,"
                        + " <repository>:previous tagged as <repository>:latest, the target recreated from it").target()
                        .param(optional("from", TEXT, Deployment.PREVIOUS, "the tag rolled back to"),
                                optional("to", TEXT, "latest", "the tag the target then runs"))
                        .requires(ServiceImages.class)
                        .build(a -> new Rollback(a.target(), a.text("from"), a.text("to"))),
                procedure("retag", "docker tag <repository>:<from> <repository>:<to> in the system's engine; nothing is recreated")
                        .param(required("repository", TEXT, "the image's repository, without tag, e.g. firedrill/ledger"),
                                optional("from", TEXT, Deployment.PREVIOUS, "the tag copied"),
                                optional("to", TEXT, "latest", "the tag it then also has"))
                        .requires(ServiceImages.class)
                        .build(a -> ReleaseSteps.retag(a.text("repository"), a.text("from"), a.text("to"))),
                preparation("rollback-tag", "the rollback plan of a maintenance window (runbook 000): the image the target runs"
                        + " tagged <repository>:<tag>, so the release to go back to has a name").target()
                        .param(optional("tag", TEXT, "rollback", "the tag"))
                        .requires(ServiceImages.class)
                        .build(a -> new RollbackTag(a.target(), a.text("tag"))));
    }
}
