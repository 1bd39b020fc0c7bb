package dev.firedrill.stack;

import dev.firedrill.Owner;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes what dead Firedrill runs on this host left behind: containers, networks, volumes and
 * loop-mounted volume images. Resources of live runs and of other hosts are never touched.
 */
public final class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class.getName());

    private final DockerClient docker;
    private final LoopVolumes loopVolumes;

    public Sweeper(DockerClient docker, LoopVolumes loopVolumes) {
        this.docker = docker;
        this.loopVolumes = loopVolumes;
    }

    /** What one sweep removed. */
    public record Swept(List<String> containers, List<String> networks, List<String> volumes, List<String> loopVolumes) {
        public boolean isEmpty() {
            return containers.isEmpty() && networks.isEmpty() && volumes.isEmpty() && loopVolumes.isEmpty();
        }
    }

    /** Removes every resource whose owner is on this host and dead. */
    public Swept sweep() {
        Swept swept = removeWhere(Sweeper::deadOwner, loopVolumes::sweepDeadOwners);
        if (!swept.isEmpty()) {
            LOG.info("Swept leftovers of dead Firedrill runs: " + swept);
        }
        return swept;
    }

    /**
     * Removes the stacks of run {@code run} (its id, or the id of a stack it started, which begins with it) that runs of
     * this host started, whether their owner lives or not: {@code ./drill down} of a stack kept with {@code --keep}.
     */
    public Swept removeRun(String run) {
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("down names a run, e.g. 20261207-101500-ab12 (its folder under reports/)");
        }
        return removeWhere(labels -> labels != null && String.valueOf(labels.get(Owner.RUN_LABEL)).startsWith(run)
                && Owner.parse(labels.get(Owner.LABEL)).map(o -> o.host().equals(Owner.hostId())).orElse(false), List::of);
    }

    /** The runs of this host whose stacks are there now (kept with --keep, or still running), by run id. */
    public java.util.SortedSet<String> runsHere() {
        java.util.SortedSet<String> runs = new java.util.TreeSet<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Owner.LABEL)).exec()) {
            Map<String, String> labels = c.getLabels();
            if (Owner.parse(labels.get(Owner.LABEL)).map(o -> o.host().equals(Owner.hostId())).orElse(false)) {
                runs.add(labels.get(Owner.RUN_LABEL));
            }
        }
        return runs;
    }

    /** Removes the containers, then the networks and volumes, whose labels {@code remove} picks; then {@code loops} (after the containers that used them). */
    private Swept removeWhere(java.util.function.Predicate<Map<String, String>> remove, java.util.function.Supplier<List<String>> loops) {
        List<String> containers = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Owner.LABEL)).exec()) {
            if (remove.test(c.getLabels())) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    containers.add(c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId());
                } catch (NotFoundException gone) {
                    // removed concurrently: fine
                } catch (ConflictException beingRemoved) {
                    // 409 "removal of container ... is already in progress": another JVM's sweep got there first
                    LOG.log(Level.FINE, "Leftover container " + c.getId() + " is already being removed: " + beingRemoved.getMessage());
                } catch (RuntimeException e) {
                    // A leftover that cannot go now is retried by the next sweep; it must not stop this run.
                    LOG.log(Level.WARNING, "Could not remove leftover container " + c.getId() + ": " + e.getMessage());
                }
            }
        }
        List<String> networks = new ArrayList<>();
        for (Network n : docker.listNetworksCmd().withFilter("label", List.of(Owner.LABEL)).exec()) {
            if (remove.test(n.getLabels())) {
                try {
                    docker.removeNetworkCmd(n.getId()).exec();
                    networks.add(n.getName());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not remove leftover network " + n.getName() + ": " + e.getMessage());
                }
            }
        }
        List<String> volumes = new ArrayList<>();
        var listed = docker.listVolumesCmd().withFilter("label", List.of(Owner.LABEL)).exec().getVolumes();
        for (var v : listed == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : listed) {
            if (remove.test(v.getLabels())) {
                try {
                    docker.removeVolumeCmd(v.getName()).exec();
                    volumes.add(v.getName());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not remove leftover volume " + v.getName() + ": " + e.getMessage());
                }
            }
        }
        return new Swept(containers, networks, volumes, loops.get());
    }

    private static boolean deadOwner(Map<String, String> labels) {
        Optional<Owner> owner = Owner.parse(labels == null ? null : labels.get(Owner.LABEL));
        return owner.map(Owner::isDeadOnThisHost).orElse(false);
    }
}
