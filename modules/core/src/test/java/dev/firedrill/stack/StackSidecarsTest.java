package dev.firedrill.stack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackSidecarsTest {

    @Test
    void theCpuHierarchysPathIsReadFromProcCgroupUnderV1AndNoneUnderV2Alone() {
        String v1 = """
                12:cpuset:/docker/abc
                4:cpu,cpuacct:/docker/abc
                1:name=systemd:/docker/abc
                0::/docker/abc
                """;
        assertThat(StackSidecars.cpuCgroup(v1)).contains("/docker/abc");
        assertThat(StackSidecars.cpuCgroup("0::/system.slice/docker-abc.scope\n")).isEmpty();
        assertThat(StackSidecars.cpuCgroup("3:cpuacct,cpu:/custom/x\n")).contains("/custom/x");
    }
}
