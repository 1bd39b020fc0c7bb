package dev.firedrill.stack;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.firedrill.Leftover;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.ToxiproxyAdmin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Partial partitions on the stack network ({@link LinkCut}). Each one-way link of a cut, "A cannot reach B", is a rule
 * in A's own network namespace ({@link NftRules}) dropping A's connections to B's address on the stack network and to
 * the fault proxy's ports that lead to B (a client reaches a fronted service through the proxy). A short-lived helper
 * container ({@link HelperImages#netns}) that shares the namespace writes the rules: the services' images need no tools, and
 * the host's own rules are never touched. A cut's rules die with the namespace: a service restarted during a cut comes
 * back whole, and a dead run's rules go with its containers, which the next stack start sweeps.
 */
final class StackLinkCuts {

    private static final Logger LOG = Logger.getLogger(StackLinkCuts.class.getName());
    private static final Duration HELPER_BOUND = Duration.ofSeconds(30);

    /** A cut in place: the container (by its service) whose namespace holds the cut's table. */
    private record Applied(LinkCut cut, Map<String, String> containerBySender) {
    }

    private final StackContainers containers;
    private final ContainerOneOffs oneOffs;
    private final Map<String, Applied> active = new LinkedHashMap<>();

    StackLinkCuts(StackContainers containers, ContainerOneOffs oneOffs) {
        this.containers = containers;
        this.oneOffs = oneOffs;
    }

    /** Builds the helper image if the engine lacks it (the fault has checked the cut's services already). */
    void prepare(LinkCut cut) {
        HelperImages.netns(containers.docker);
    }

    /**
     * Writes the cut's table into each sender's namespace, all at once, and reads each back. The addresses are resolved
     * first; {@code acting} runs as the first helper starts.
     */
    synchronized void cut(LinkCut cut, Runnable acting) {
        if (active.containsKey(cut.id())) {
            return;
        }
        Map<String, List<String>> receiversBySender = new LinkedHashMap<>();
        cut.links().forEach(link -> receiversBySender.computeIfAbsent(link.from(), s -> new ArrayList<>()).add(link.to()));
        Map<String, List<NftRules.Destination>> destinationsBySender = new LinkedHashMap<>();
        receiversBySender.forEach((sender, receivers) -> destinationsBySender.put(sender,
                receivers.stream().flatMap(receiver -> destinations(sender, receiver).stream()).toList()));
        Applied applied = new Applied(cut, new LinkedHashMap<>());
        destinationsBySender.keySet().forEach(sender -> applied.containerBySender().put(sender, containers.container(sender).getContainerId()));
        String table = NftRules.table(cut.id());
        AtomicBoolean began = new AtomicBoolean();
        Runnable once = () -> {
            if (began.compareAndSet(false, true)) {
                acting.run();
            }
        };
        try {
            inEach(applied.containerBySender(), (sender, container) -> {
                List<NftRules.Destination> destinations = destinationsBySender.get(sender);
                OneOff.Result added = inNamespace(sender, container, NftRules.addScript(table, destinations), "cut links of", once);
                if (!added.succeeded()) {
                    throw new StackException("Could not cut the links of service '" + sender + "' (" + cut.describe() + "): nft said "
                            + added.output().strip());
                }
                List<String> missing = NftRules.missing(added.output(), destinations);
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(cut.describe() + ": the rules read back from the network namespace of '" + sender
                            + "' lack " + missing + "; nft listed:\n" + added.output().strip());
                }
            });
            active.put(cut.id(), applied);
        } catch (RuntimeException e) {
            try {
                remove(applied);
            } catch (RuntimeException also) {
                e.addSuppressed(also);
            }
            throw e;
        }
    }

    synchronized void restore(LinkCut cut) {
        Applied applied = active.remove(cut.id());
        if (applied == null) {
            return;
        }
        try {
            remove(applied);
        } catch (RuntimeException e) {
            active.put(cut.id(), applied);   // still in place: heal-partition or the next undo tries again
            throw e;
        }
    }

    synchronized List<LinkCut> cuts(String service) {
        return active.values().stream().map(Applied::cut).filter(c -> c.service().equals(service)).toList();
    }

    Leftover leftover(LinkCut cut) {
        List<String> senders = cut.links().stream().map(LinkCut.Link::from).distinct().toList();
        return Leftover.withStack("the nft table " + NftRules.table(cut.id()) + " in the network namespaces of " + senders + " (run "
                + containers.runId + "): " + cut.describe());
    }

    /** Deletes the cut's table from each namespace that still exists, all at once, and checks that it is gone. */
    private void remove(Applied applied) {
        String table = NftRules.table(applied.cut().id());
        inEach(applied.containerBySender(), (sender, container) -> {
            if (!holdsNamespace(sender, container)) {
                LOG.log(Level.INFO, "{0}: the container of ''{1}'' it was cut in is gone or stopped, and its rules with it",
                        new Object[] {applied.cut().describe(), sender});
                return;
            }
            OneOff.Result left = inNamespace(sender, container, NftRules.removeScript(table), "restore links of", () -> { });
            if (!left.succeeded() || NftRules.lists(left.output(), table)) {
                throw new StackException("Could not restore the links of service '" + sender + "' (" + applied.cut().describe()
                        + "): the table " + table + " is still there; nft said " + left.output().strip());
            }
        });
    }

    /**
     * Runs {@code action} for each sender and its container, each on a thread of its own (a helper container takes a few
     * hundred milliseconds to run); waits for all, then throws the first failure, the others suppressed in it.
     */
    private static void inEach(Map<String, String> containerBySender, BiConsumer<String, String> action) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, containerBySender.size()));
        try {
            List<Future<?>> runs = new ArrayList<>();
            containerBySender.forEach((sender, container) -> runs.add(threads.submit(() -> action.accept(sender, container))));
            RuntimeException failure = null;
            for (Future<?> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new StackException(e.getCause().toString(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("Interrupted while changing the links of " + containerBySender.keySet(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            threads.shutdown();
        }
    }

    /** Whether {@code container} still runs as {@code service}: otherwise its namespace, and the rules in it, are gone. */
    private boolean holdsNamespace(String service, String container) {
        try {
            InspectContainerResponse now = containers.inspect(service);
            return container.equals(now.getId()) && Boolean.TRUE.equals(now.getState().getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** How {@code sender} reaches {@code receiver}: the receiver's own addresses, and the proxy's ports that lead to it. */
    private List<NftRules.Destination> destinations(String sender, String receiver) {
        List<NftRules.Destination> destinations = new ArrayList<>();
        addressesOf(receiver).forEach(ip -> destinations.add(new NftRules.Destination(ip, null)));
        if (destinations.isEmpty()) {
            throw new StackException("Could not cut the links to service '" + receiver + "': it has no address on the stack network"
                    + " (is it partitioned whole, or stopped?)");
        }
        var proxy = containers.definition.proxy();
        if (proxy.isPresent() && !proxy.get().service().equals(sender) && !proxy.get().service().equals(receiver)) {
            String proxyService = proxy.get().service();
            ToxiproxyAdmin admin = new ToxiproxyAdmin(containers.directEndpoint(proxyService, ProxyWiring.API_PORT));
            for (String listen : admin.listening(Set.of(receiver, ProxyWiring.upstreamAlias(receiver)))) {
                int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
                addressesOf(proxyService).forEach(ip -> destinations.add(new NftRules.Destination(ip, port)));
            }
        }
        return destinations;
    }

    /** The service's IPv4 (and global IPv6) addresses on the stack network. */
    private List<String> addressesOf(String service) {
        Map<String, ContainerNetwork> networks = containers.inspect(service).getNetworkSettings().getNetworks();
        String id = containers.network.getId();
        List<String> ips = new ArrayList<>();
        if (networks != null) {
            networks.values().stream().filter(n -> id.equals(n.getNetworkID())).forEach(n -> {
                if (n.getIpAddress() != null && !n.getIpAddress().isBlank()) {
                    ips.add(n.getIpAddress());
                }
                if (n.getGlobalIPv6Address() != null && !n.getGlobalIPv6Address().isBlank()) {
                    ips.add(n.getGlobalIPv6Address());
                }
            });
        }
        return ips;
    }

    /** Runs {@code script} in the network namespace of {@code container} (the service {@code sender}), from the helper image. */
    private OneOff.Result inNamespace(String sender, String container, String script, String step, Runnable starting) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("container:" + container).withCapAdd(Capability.NET_ADMIN);
        return oneOffs.runContainer(HelperImages.netns(containers.docker), host, List.of(), null, List.of("sh", "-c", script),
                HELPER_BOUND, sender, step, starting);
    }
}
