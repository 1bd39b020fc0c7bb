package dev.firedrill.junit;

import dev.firedrill.stack.Stack;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * {@code --keep} ({@code -Dfiredrill.keep=true}): a stack is left running after its last drill, to look at, instead of
 * being removed. How to reach each service and how to remove it are printed and written to
 * {@code reports/kept-stacks/<stack>.txt}. {@code ./drill down <run>} removes it; so does the sweep at the next start
 * (its owner, this JVM, is gone by then) unless that run keeps stacks too.
 */
final class KeptStacks {

    static final String PROPERTY = "firedrill.keep";
    static final String FOLDER = "kept-stacks";
    private static final Logger LOG = Logger.getLogger(KeptStacks.class.getName());

    private KeptStacks() {
    }

    /** Whether this run keeps its stacks. */
    static boolean keeping() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Removes {@code stack}, or, when this run keeps its stacks, leaves it running and says how to reach and remove it. */
    static void closeOrKeep(Stack stack, Path projectDir) {
        if (!keeping()) {
            stack.close();
            return;
        }
        StringBuilder text = new StringBuilder("kept stack " + stack.runId() + " (" + stack.services().size()
                + " services), reach it from this host at:\n");
        for (String service : stack.services()) {
            for (int port : stack.ports(service)) {
                text.append("  ").append(service).append(':').append(port).append(" -> ").append(stack.endpoint(service, port).host())
                        .append(':').append(stack.endpoint(service, port).port()).append('\n');
            }
        }
        text.append("remove it with: ./drill down ").append(stack.runId())
                .append(" (or it goes at the next start of a run that does not keep its stacks)\n");
        System.out.print(text);
        LOG.info(text.toString());
        dev.firedrill.report.RunFolder.writeAtomically(projectDir.resolve("reports").resolve(FOLDER).resolve(stack.runId() + ".txt"),
                text.toString());
    }
}
