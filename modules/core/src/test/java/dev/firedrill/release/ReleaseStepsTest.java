package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;
import dev.firedrill.FaultEvents;
import dev.firedrill.HarnessClock;
import dev.firedrill.Injection;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The release steps against an engine kept in memory: tags name image ids, services run images. */
class ReleaseStepsTest {

    /** An engine's tags and a stack's services, as the release steps see them through {@link ServiceImages}. */
    static final class Engine implements ServiceImages {
        final Map<String, String> tags = new HashMap<>();
        final Map<String, Image> running = new HashMap<>();
        final List<String> recreated = new ArrayList<>();

        @Override
        public Image running(String service) {
            return running.get(service);
        }

        @Override
        public Optional<Image> find(String reference) {
            return Optional.ofNullable(reference.startsWith("sha256:") ? reference : tags.get(reference)).map(id -> new Image(reference, id));
        }

        @Override
        public Image resolve(String reference) {
            return find(reference).orElseThrow(() -> new IllegalStateException("Image " + reference + " is not available"));
        }

        @Override
        public Image tag(String source, String target) {
            Image image = resolve(source);
            tags.put(target, image.id());
            return new Image(target, image.id());
        }

        @Override
        public Image deploy(String service, String reference, Runnable removing) {
            Image image = resolve(reference);
            removing.run();
            recreated.add(service + "=" + reference);
            running.put(service, image);
            return image;
        }
    }

    private final Engine engine = new Engine();
    private final SystemUnderTest system = new SystemUnderTest() {
        @Override
        public Set<String> services() {
            return Set.of("ledger");
        }

        @Override
        public Endpoint endpoint(String service, int port) {
            return new Endpoint("127.0.0.1", port);
        }

        @Override
        public Map<String, String> environment(String service) {
            return Map.of();
        }

        @Override
        public Set<Class<? extends Capability>> capabilities() {
            return Set.of(ServiceImages.class);
        }

        @Override
        public <T extends Capability> Optional<T> capability(Class<T> type) {
            return type == ServiceImages.class ? Optional.of(type.cast(engine)) : Optional.empty();
        }

        @Override
        public String describe() {
            return "a stack with ledger";
        }
    };

    ReleaseStepsTest() {
        engine.tags.put("firedrill/ledger:1.0.0", "sha256:aaa");
        engine.tags.put("firedrill/ledger:2.0.0", "sha256:bbb");
        engine.running.put("ledger", new ServiceImages.Image("firedrill/ledger:1.0.0", "sha256:aaa"));
    }

    @Test
    void aBadReleaseKeepsTheRunningImageAsPreviousActsWhenTheOldContainerGoesAndIsUndoneByTheImageBefore() {
        List<String> events = new ArrayList<>();
        List<ReleaseChange> changes = new ArrayList<>();
        Injection undo = ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0").inject(system, new FaultEvents() {
            @Override
            public void accept(Injection u) {
                events.add("undo handed over");
            }

            @Override
            public void acting() {
                events.add("acting");
            }

            @Override
            public void changed(ReleaseChange change) {
                changes.add(change);
            }
        });
        assertThat(events).containsExactly("acting", "undo handed over");
        assertThat(engine.tags).containsEntry("firedrill/ledger:previous", "sha256:aaa");
        assertThat(engine.running("ledger").id()).isEqualTo("sha256:bbb");
        assertThat(changes).extracting(ReleaseChange::detail).containsExactly(
                "firedrill/ledger:previous: (none) -> firedrill/ledger:previous@sha256:aaa by deploy(ledger, firedrill/ledger:2.0.0)",
                "ledger: firedrill/ledger:1.0.0@sha256:aaa -> firedrill/ledger:2.0.0@sha256:bbb by deploy(ledger, firedrill/ledger:2.0.0)");

        undo.close();
        undo.close();
        assertThat(engine.running("ledger").id()).isEqualTo("sha256:aaa");
        assertThat(engine.recreated).containsExactly("ledger=firedrill/ledger:2.0.0", "ledger=firedrill/ledger:1.0.0");
    }

    @Test
    void theUndoOfABadReleaseLeavesAServiceAlreadyRolledBackAlone() {
        Injection undo = ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0").inject(system);
        Timeline timeline = new Timeline(HarnessClock.system());
        String output = ReleaseSteps.rollback("ledger").run(system, timeline);

        assertThat(output).contains("tagged firedrill/ledger:2.0.0@sha256:bbb as firedrill/ledger:bad; tagged firedrill/ledger:previous as firedrill/ledger:latest");
        assertThat(engine.tags).containsEntry("firedrill/ledger:bad", "sha256:bbb");
        assertThat(engine.running("ledger")).isEqualTo(new ServiceImages.Image("firedrill/ledger:latest", "sha256:aaa"));
        assertThat(timeline.events()).filteredOn(e -> ReleaseChange.NOTE.equals(e.kind())).extracting(e -> e.detail()).containsExactly(
                "firedrill/ledger:bad: (none) -> firedrill/ledger:bad@sha256:bbb by rollback(ledger, :previous -> :latest)",
                "firedrill/ledger:latest: (none) -> firedrill/ledger:latest@sha256:aaa by rollback(ledger, :previous -> :latest)",
                "ledger: firedrill/ledger:2.0.0@sha256:bbb -> firedrill/ledger:latest@sha256:aaa by rollback(ledger, :previous -> :latest)");
        undo.close();
        assertThat(engine.recreated).hasSize(2);
    }

    @Test
    void deployingTheImageAServiceRunsChangesNothingAsComposeUpDoes() {
        assertThat(ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0").run(system)).isEqualTo("ledger runs firedrill/ledger:1.0.0 already; nothing recreated");
        assertThatThrownBy(() -> ReleaseSteps.badRelease("ledger", "firedrill/ledger:1.0.0").inject(system))
                .isInstanceOf(dev.firedrill.FaultNotEffectiveException.class).hasMessageContaining("changes nothing");
        assertThat(engine.recreated).isEmpty();
        assertThat(engine.tags).doesNotContainKey("firedrill/ledger:previous");
    }

    @Test
    void aRollbackWithNothingToRollBackToSaysSo() {
        assertThatThrownBy(() -> ReleaseSteps.rollback("ledger").run(system))
                .hasMessageContaining("there is no image firedrill/ledger:previous to roll back to")
                .hasMessageContaining("ledger runs firedrill/ledger:1.0.0@sha256:aaa");
    }

    @Test
    void retagMovesATagAndSaysWhatItNamedBefore() {
        engine.tags.put("firedrill/ledger:latest", "sha256:bbb");
        engine.tags.put("firedrill/ledger:previous", "sha256:aaa");
        assertThat(ReleaseSteps.retag("firedrill/ledger", "previous", "latest").run(system)).isEqualTo(
                "firedrill/ledger:latest: firedrill/ledger:latest@sha256:bbb -> firedrill/ledger:latest@sha256:aaa by retag(firedrill/ledger:previous -> :latest)");
        assertThat(engine.tags).containsEntry("firedrill/ledger:latest", "sha256:aaa");
    }

    @Test
    void badArgumentsAreRefusedSayingWhatIsValid() {
        assertThatThrownBy(() -> ReleaseSteps.deploy("ledger", "firedrill/ledger")).hasMessageContaining("with its tag, e.g. firedrill/ledger:2.0.0");
        assertThatThrownBy(() -> ReleaseSteps.retag("firedrill/ledger:1.0.0", "a", "b")).hasMessageContaining("repository without tag");
        assertThatThrownBy(() -> new Rollback("ledger", "pre vious", "latest")).hasMessageContaining("'from' is a tag").hasMessageContaining("'pre vious'");
    }

    @Test
    void aReleaseChangeReadsBackFromItsNote() {
        ReleaseChange change = new ReleaseChange("ledger", "firedrill/ledger:1.0.0@sha256:aaa", "firedrill/ledger:2.0.0@sha256:bbb", "deploy(ledger, x:1)");
        assertThat(ReleaseChange.ofDetail(change.detail())).contains(change);
        assertThat(ReleaseChange.ofDetail("not a change")).isEmpty();
        ReleaseChange stepWithArrows = new ReleaseChange("x:latest", "(none)", "x:latest@sha256:a", "rollback(ledger, :previous -> :latest) by hand");
        assertThat(ReleaseChange.ofDetail(stepWithArrows.detail())).contains(stepWithArrows);
        assertThatThrownBy(() -> new ReleaseChange("ledger", "a -> b", "c", "d")).hasMessageContaining("its before no '->'");
    }
}
