package dev.firedrill.fault;

import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.access.Partitions;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.Network;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.firedrill.capability.LinkCut.Direction.BOTH;
import static dev.firedrill.capability.LinkCut.Direction.INBOUND;
import static dev.firedrill.capability.LinkCut.Direction.OUTBOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Partitions whole and partial without Docker: arguments, drill-file entries, and what the fault asks of the network. */
class PartitionFaultTest {

    private static final Map<String, String> SERVICES = Map.of("leader", "http", "etcd", "http", "client", "http");

    @Test
    void aPartitionReadsLikeTheRunbook() {
        assertThat(Faults.partition("leader").name()).isEqualTo("partition(leader)");
        assertThat(Faults.partition("leader").from("etcd").name()).isEqualTo("partition(leader from etcd)");
        assertThat(Faults.partition("leader").from("etcd", "client").direction(OUTBOUND).name())
                .isEqualTo("partition(leader from etcd, client, outbound)");
        assertThat(Faults.partition("leader").from("etcd")).isEqualTo(Faults.partition("leader").from(List.of("etcd")));
    }

    @Test
    void badPeersAndDirectionsAreRejectedSayingWhatIsValid() {
        assertThatThrownBy(() -> Faults.partition("leader").from(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(leader): 'from' names the services it is cut from; got an empty list");
        assertThatThrownBy(() -> Faults.partition("leader").from("etcd", "leader"))
                .hasMessageContaining("'from' lists the target itself");
        assertThatThrownBy(() -> Faults.partition("leader").from("etcd", "etcd")).hasMessageContaining("'from' lists 'etcd' twice");
        assertThatThrownBy(() -> Faults.partition("leader").from("etcd", " ")).hasMessageContaining("got a blank one");
        assertThatThrownBy(() -> Faults.partition("leader").direction(INBOUND))
                .hasMessageContaining("direction 'inbound' needs 'from'");
        assertThatThrownBy(() -> LinkCut.Direction.parse("sideways"))
                .hasMessage("direction 'sideways' is not valid; use one of [both, inbound, outbound]");
        assertThat(LinkCut.Direction.parse(" Outbound")).isEqualTo(OUTBOUND);
    }

    @Test
    void aCutIsTheOneWayLinksItsDirectionNames() {
        LinkCut both = LinkCut.of("leader", List.of("etcd", "client"), BOTH);
        assertThat(both.links()).containsExactly(new LinkCut.Link("leader", "etcd"), new LinkCut.Link("etcd", "leader"),
                new LinkCut.Link("leader", "client"), new LinkCut.Link("client", "leader"));
        assertThat(LinkCut.of("leader", List.of("etcd"), OUTBOUND).links()).containsExactly(new LinkCut.Link("leader", "etcd"));
        assertThat(LinkCut.of("leader", List.of("etcd"), INBOUND).links()).containsExactly(new LinkCut.Link("etcd", "leader"));
        assertThat(LinkCut.of("leader", List.of("etcd"), OUTBOUND).describe()).isEqualTo("leader cut from etcd (outbound: leader cannot reach etcd)");
        assertThat(both.id()).matches("[0-9a-f]{8}").isNotEqualTo(LinkCut.of("leader", List.of("etcd", "client"), BOTH).id());
    }

    @Test
    void aDrillFileNamesThePeersAndTheDirection() {
        String entry = "  - {kind: partition, target: leader, from: [etcd], direction: outbound}\n";
        assertThat(DrillFiles.parse(Path.of("drills/p.yml"), file(entry)).drill().faults())
                .containsExactly(Faults.partition("leader").from("etcd").direction(OUTBOUND));
        assertThat(DrillFiles.parse(Path.of("drills/p.yml"), file("  - {kind: partition, target: leader}\n")).drill().faults())
                .containsExactly(Faults.partition("leader"));
        assertThat(rejected(entry.replace("outbound", "sideways"))).contains("faults[0].direction").contains("both, inbound, outbound");
        assertThat(rejected(entry.replace("[etcd]", "[]"))).contains("faults[0]").contains("got an empty list");
        assertThat(rejected(entry.replace("[etcd]", "[leader]"))).contains("'from' lists the target itself");
        assertThat(rejected("  - {kind: partition, target: leader, direction: inbound}\n")).contains("direction 'inbound' needs 'from'");
    }

    @Test
    void peersTheSystemLacksAreNamedBeforeAnythingActs() {
        RecordingNetwork network = new RecordingNetwork();
        FakeSystem system = FakeSystem.of(SERVICES).offering(Network.class, network);
        assertThatThrownBy(() -> Faults.partition("leader").from("etc").validate(system))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(leader from etc): the system under test (FakeSystem) has no service 'etc'; its services: [client, etcd, leader]");
        assertThatThrownBy(() -> Faults.partition("leader").from("etcd").validate(FakeSystem.of(SERVICES)))
                .hasMessageContaining("needs the capability Network");
        Faults.partition("leader").from("etcd").validate(system);
        assertThat(network.calls).containsExactly("prepare leader cut from etcd (both ways)");
    }

    @Test
    void aCutIsJournalledThenDatedAsTheNetworkWritesItAndItsUndoRestoresExactlyIt() {
        RecordingNetwork network = new RecordingNetwork();
        FakeSystem system = FakeSystem.of(SERVICES).offering(Network.class, network);
        List<String> events = network.calls;
        Injection cut = Faults.partition("leader").from("etcd").direction(OUTBOUND).inject(system, new FaultEvents() {
            @Override
            public void accept(Injection undo) {
                events.add("undo handed over");
            }

            @Override
            public void acting() {
                events.add("acting");
            }

            @Override
            public void willLeave(Leftover leftover) {
                events.add("journal: " + leftover.describe());
            }
        });
        String id = network.made.get(0).id();
        cut.close();
        cut.close();
        assertThat(events).containsExactly("prepare leader cut from etcd (outbound: leader cannot reach etcd)",
                "journal: not undone by Firedrill: restore the links of leader cut from etcd (outbound: leader cannot reach etcd) (cut "
                        + id + ")",
                "acting", "cut leader cut from etcd (outbound: leader cannot reach etcd)", "undo handed over",
                "restore leader cut from etcd (outbound: leader cannot reach etcd)");
    }

    @Test
    void aCutNotReadBackInPlaceIsNotEffectiveAndIsRestored() {
        RecordingNetwork network = new RecordingNetwork();
        network.readBack = false;
        FakeSystem system = FakeSystem.of(SERVICES).offering(Network.class, network);
        assertThatThrownBy(() -> Faults.partition("leader").from("etcd").inject(system))
                .isInstanceOf(FaultNotEffectiveException.class)
                .hasMessageContaining("partition(leader from etcd): rules not read back");
        assertThat(network.calls).last().asString().startsWith("restore leader cut from etcd");
        assertThat(network.cuts("leader")).isEmpty();
    }

    @Test
    void healPartitionRestoresTheTargetsCutsOnlyAndReconnectsItWhenCutWhole() {
        RecordingNetwork network = new RecordingNetwork();
        FakeSystem system = FakeSystem.of(SERVICES).offering(Network.class, network);
        Faults.partition("leader").from("etcd").inject(system);
        Faults.partition("client").from("etcd").inject(system);
        network.calls.clear();
        assertThat(Partitions.heal(system, "leader", "heal")).isEqualTo("restored the links of leader cut from etcd (both ways)");
        assertThat(network.calls).containsExactly("restore leader cut from etcd (both ways)");
        assertThat(network.cuts("client")).hasSize(1);
        network.attached = false;
        assertThat(Partitions.heal(system, "client", "heal"))
                .isEqualTo("restored the links of client cut from etcd (both ways); reconnected 'client' to the network");
        assertThat(Partitions.heal(system, "client", "heal")).isEqualTo("'client' is attached to the network already and none of its links is cut");
    }

    private static String file(String faults) {
        return "id: P1\ntitle: Partial partition\nsteady-state:\n  probes: [{probe: write}]\nfaults:\n" + faults
                + "recovery:\n  - {procedure: heal-partition, target: leader}\nobjectives:\n  - {objective: rto, max: 45s}\n";
    }

    private static String rejected(String faults) {
        try {
            DrillFiles.parse(Path.of("drills/p.yml"), file(faults));
        } catch (DrillFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the entry to be rejected: " + faults);
    }

    /** A network that records what is asked of it and keeps the cuts it made. */
    private static final class RecordingNetwork implements Network {
        final List<String> calls = new ArrayList<>();
        final List<LinkCut> made = new ArrayList<>();
        boolean readBack = true;
        boolean attached = true;

        @Override
        public void disconnect(String service) {
            attached = false;
        }

        @Override
        public void reconnect(String service) {
            attached = true;
            calls.add("reconnect " + service);
        }

        @Override
        public boolean isAttached(String service) {
            return attached;
        }

        @Override
        public String address(String service) {
            return service;
        }

        @Override
        public void prepareCut(LinkCut cut) {
            calls.add("prepare " + cut.describe());
        }

        @Override
        public void cut(LinkCut cut, Runnable acting) {
            acting.run();
            calls.add("cut " + cut.describe());
            made.add(cut);
            if (!readBack) {
                throw new IllegalStateException("rules not read back");
            }
        }

        @Override
        public void restore(LinkCut cut) {
            if (made.remove(cut)) {
                calls.add("restore " + cut.describe());
            }
        }

        @Override
        public List<LinkCut> cuts(String service) {
            return made.stream().filter(c -> c.service().equals(service)).toList();
        }
    }
}
