package dev.firedrill.stack;

import dev.firedrill.Owner;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerTest {

    @Test
    void labelRoundTrips() {
        Owner owner = Owner.current();
        assertThat(Owner.parse(owner.label())).contains(owner);
        assertThat(Owner.parse("garbage")).isEmpty();
        assertThat(Owner.parse(null)).isEmpty();
    }

    @Test
    void thisJvmIsAlive() {
        assertThat(Owner.current().isDeadOnThisHost()).isFalse();
    }

    @Test
    void aProcessThatExitedIsDead() throws Exception {
        Process process = new ProcessBuilder("sleep", "30").start();
        Owner owner = ownerOf(process);
        assertThat(owner.isDeadOnThisHost()).isFalse();

        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(owner.isDeadOnThisHost()).isTrue();
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsDead() throws Exception {
        Process process = new ProcessBuilder("sleep", "30").start();
        try {
            Owner live = ownerOf(process);
            Owner earlierProcessWithSamePid = new Owner(live.host(), live.pid(), live.startEpochMillis() - 60_000);
            assertThat(earlierProcessWithSamePid.isDeadOnThisHost()).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void ownersOnOtherHostsAreNeverJudgedDead() {
        assertThat(new Owner("another-host", 1, 0).isDeadOnThisHost()).isFalse();
    }

    static Owner ownerOf(Process process) {
        return new Owner(Owner.hostId(), process.pid(),
                process.toHandle().info().startInstant().orElseThrow().toEpochMilli());
    }
}
