package dev.firedrill.stack;

import org.testcontainers.DockerClientFactory;


/**
 * {@code ./drill down [RUN]}: removes the stacks of a run of this host kept with {@code --keep} (or left running by a
 * run that is still going); without a run, lists the runs whose stacks are there. Exit codes: 0 done, 2 wrong usage.
 */
public final class StackCommands {

    private StackCommands() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("down") || args.length > 2) {
            System.err.println("usage: down [RUN]  (RUN: the run id a kept stack printed, e.g. 20261207-101500-ab12)");
            System.exit(2);
        }
        Sweeper sweeper = new Sweeper(DockerClientFactory.instance().client(), LoopVolumes.fromEnvironment());
        if (args.length == 1) {
            var runs = sweeper.runsHere();
            System.out.println(runs.isEmpty() ? "no stack of a Firedrill run is on this host" : "stacks on this host, by run: "
                    + String.join(", ", runs) + "\nremove one with: ./drill down RUN");
            return;
        }
        Sweeper.Swept removed = sweeper.removeRun(args[1]);
        if (removed.isEmpty()) {
            var runs = sweeper.runsHere();
            System.err.println("no stack of run '" + args[1] + "' on this host; stacks here: " + (runs.isEmpty() ? "none" : String.join(", ", runs)));
            System.exit(2);
        }
        System.out.println("removed " + removed.containers().size() + " containers " + removed.containers() + ", "
                + removed.networks().size() + " networks and " + removed.volumes().size() + " volumes of run " + args[1]);
    }
}
