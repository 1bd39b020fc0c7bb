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
        List<String> containers = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Owner.LABEL)).exec()) {
            if (deadOwner(c.getLabels())) {
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
            if (deadOwner(n.getLabels())) {
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
            if (deadOwner(v.getLabels())) {
                try {
                    docker.removeVolumeCmd(v.getName()).exec();
                    volumes.add(v.getName());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not remove leftover volume " + v.getName() + ": " + e.getMessage());
                }
            }
        }
        List<String> loops = loopVolumes.sweepDeadOwners();
        Swept swept = new Swept(containers, networks, volumes, loops);
        if (!swept.isEmpty()) {
            LOG.info("Swept leftovers of dead Firedrill runs: " + swept);
        }
        return swept;
    }

    private static boolean deadOwner(Map<String, String> labels) {
        Optional<Owner> owner = Owner.parse(labels == null ? null : labels.get(Owner.LABEL));
        return owner.map(Owner::isDeadOnThisHost).orElse(false);
    }
}
