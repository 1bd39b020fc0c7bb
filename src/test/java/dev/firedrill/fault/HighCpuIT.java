package dev.firedrill.fault;

import dev.firedrill.Injection;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;
import dev.firedrill.recovery.ScaleIn;
import dev.firedrill.recovery.ScaleOut;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * cpu-burn, scale-out and scale-in on the high-CPU drill's stack (drills/stacks/high-cpu.yml: the service limited to one
 * core, behind an nginx lb): the burn seen in the service's own cgroup and bounded by its quota, gone after the undo;
 * extra instances ready, in the lb's rotation and answering its requests, then drained and removed.
 */
@Timeout(120)
class HighCpuIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern VERSION_REQUESTS = Pattern.compile("ledger_http_requests_total\\{[^}]*route=\"/version\"[^}]*} (\\d+)");
    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/high-cpu.yml")));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theBurnRunsInTheServicesCgroupUnderItsQuotaAndIsGoneAfterTheUndo() throws Exception {
        ServiceCommands commands = stack.commands();
        Injection burn = new CpuBurnFault("ledger", 2, 100, Optional.of(Duration.ofSeconds(60))).inject(stack);
        try {
            assertThat(childCgroups(commands)).as("the sidecar's cgroup nested in ledger's").hasSize(1);
            assertThat(processNames(commands)).as("stress-ng among ledger's processes").filteredOn(n -> n.startsWith("stress-ng-cpu")).hasSize(2);
            double busy = coresBusy(commands);
            // The fault's own check saw the burn use its share; here: busy, and never above the 1-core quota although two
            // workers ask for two cores (what they get below that depends on the machine's other work: 0.15 at a load of 20).
            assertThat(busy).as("two workers at 100%% in ledger's cgroup, capped by its 1-core quota").isGreaterThan(0.05).isLessThan(1.1);
        } finally {
            burn.close();
        }
        assertThat(childCgroups(commands)).as("no burn left in ledger's cgroup").isEmpty();
        assertThat(processNames(commands)).as("no stress-ng left among ledger's processes").noneMatch(n -> n.startsWith("stress-ng"));
        assertThat(coresBusy(commands)).as("ledger idle again").isLessThan(0.3);
        assertThat(ReferenceStack.get(stack, "/health")).startsWith("200");
    }

    @Test
    void aRestartOfTheServiceEndsTheBurnAsItWouldARunawayThreadAndTheUndoStillCleansUp() throws Exception {
        ServiceCommands commands = stack.commands();
        Injection burn = new CpuBurnFault("ledger", 1, 100, Optional.of(Duration.ofSeconds(60))).inject(stack);
        try {
            stack.processes().restart("ledger");
            assertThat(processNames(commands)).as("the burn ended with ledger's process").noneMatch(n -> n.startsWith("stress-ng"));
        } finally {
            burn.close();
        }
        assertThat(childCgroups(commands)).as("the sidecar removed").isEmpty();
        assertThat(ReferenceStack.get(stack, "/health")).startsWith("200");
    }

    @Test
    void extraInstancesAreReadyInTheRotationAnsweringAndRemovedAfterScaleIn() throws Exception {
        URI lb = stack.directEndpoint("lb", 8080).httpUri();
        ServiceScaling scaling = stack.capability(ServiceScaling.class).orElseThrow();

        String out = new ScaleOut("ledger", 3, Optional.of("lb")).run(stack);
        assertThat(out).contains("'ledger' runs 3 instances [ledger, ledger-2, ledger-3]").contains("rotation of 'lb' is [ledger, ledger-2, ledger-3]");
        assertThat(scaling.instances("ledger")).containsExactly("ledger", "ledger-2", "ledger-3");
        List<Long> before = List.of(versionRequests(scaling, "ledger"), versionRequests(scaling, "ledger-2"), versionRequests(scaling, "ledger-3"));
        for (int i = 0; i < 30; i++) {
            assertThat(get(lb.resolve("/version")).statusCode()).isEqualTo(200);
        }
        List<String> all = List.of("ledger", "ledger-2", "ledger-3");
        for (int i = 0; i < all.size(); i++) {
            assertThat(versionRequests(scaling, all.get(i))).as("requests through lb reached " + all.get(i)).isGreaterThan(before.get(i));
        }
        assertThatThrownBy(() -> new ScaleOut("ledger", 2, Optional.of("lb")).run(stack)).hasMessageContaining("scale-in brings it down to 2");
        // An instance scale-out started is drained and put back by its name, like a service of the stack.
        assertThat(dev.firedrill.recovery.Recoveries.drain("lb", "ledger-3").run(stack)).contains("[ledger, ledger-2]");
        assertThat(dev.firedrill.recovery.Recoveries.putBack("lb", "ledger-3").run(stack)).contains("[ledger, ledger-2, ledger-3]");
        assertThatThrownBy(() -> dev.firedrill.recovery.Recoveries.drain("lb", "ledger-7").run(stack)).hasMessageContaining("ledger-7");

        out = new ScaleIn("ledger", 1, Optional.of("lb")).run(stack);
        assertThat(out).contains("rotation of 'lb' is [ledger]").contains("removed [ledger-2, ledger-3]");
        assertThat(scaling.instances("ledger")).containsExactly("ledger");
        for (int i = 0; i < 10; i++) {
            assertThat(get(lb.resolve("/version")).statusCode()).isEqualTo(200);
        }
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withNameFilter(List.of("firedrill-" + stack.runId() + "-ledger-")).exec()).as("the extra instances' containers removed").isEmpty();
        assertThatThrownBy(() -> new ScaleOut("postgres", 2, Optional.empty()).run(stack)).hasMessageContaining("read-write");
    }

    /** Cgroups nested in ledger's own (each a sidecar), as ledger sees its cpu hierarchy. */
    private static List<String> childCgroups(ServiceCommands commands) {
        String out = commands.exec("ledger", "sh", "-c", "for d in /sys/fs/cgroup/cpu/*/; do echo $d; done").stdout();
        return out.lines().filter(l -> l.matches(".*/[0-9a-f]{64}/")).toList();
    }

    /** The names of ledger's processes (its PID namespace). */
    private static List<String> processNames(ServiceCommands commands) {
        return commands.exec("ledger", "sh", "-c", "for d in /proc/[0-9]*; do cat $d/comm 2>/dev/null; done").stdout().lines().toList();
    }

    /** The cores ledger's cgroup kept busy over 2 s. */
    private static double coresBusy(ServiceCommands commands) throws InterruptedException {
        long a = usage(commands);
        long t = System.nanoTime();
        Thread.sleep(2000);
        return (double) (usage(commands) - a) / (System.nanoTime() - t);
    }

    private static long usage(ServiceCommands commands) {
        return Long.parseLong(commands.exec("ledger", "cat", "/sys/fs/cgroup/cpuacct/cpuacct.usage").stdout().strip());
    }

    private static long versionRequests(ServiceScaling scaling, String instance) throws Exception {
        String metrics = get(scaling.endpoint(instance, 8080).httpUri().resolve("/metrics")).body();
        Matcher m = VERSION_REQUESTS.matcher(metrics);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
