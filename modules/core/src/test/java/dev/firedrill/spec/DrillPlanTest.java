package dev.firedrill.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan of a drill file names, from its kinds' descriptors, the capabilities the drill requires of the system. */
class DrillPlanTest {

    @Test
    void thePlanNamesEachCapabilityTheFilesKindsRequireWithTheKindsThatNeedIt() {
        DrillFile file = DrillFiles.parse(Path.of("x.yml"), """
                id: X
                title: t
                steady-state: {probes: [{probe: write}, {probe: read}]}
                faults:
                  - {kind: latency, target: postgres, latency: 1s}
                  - {kind: kill, target: ledger}
                recovery:
                  - {procedure: revert-faults}
                  - {procedure: restart, target: ledger}
                  - {procedure: restart, target: postgres}
                objectives:
                  - {objective: rto, max: 45s}
                """);

        assertThat(file.kinds()).extracting(k -> k.name()).containsExactly("write", "read", "latency", "kill", "revert-faults", "restart", "rto");
        assertThat(DrillPlan.of(file)).contains("  requires: FaultProxy (latency), ServiceProcesses (kill, restart)\n");
    }

    @Test
    void aFileWhoseKindsOnlyReachEndpointsRequiresNoCapability() {
        DrillFile file = DrillFiles.parse(Path.of("x.yml"), "id: X\ntitle: t\nsteady-state: {probes: [{probe: write}]}\n");

        assertThat(DrillPlan.of(file)).contains("  requires: no capability of the system beyond its services' endpoints\n");
    }
}
