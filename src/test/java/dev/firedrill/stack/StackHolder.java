package dev.firedrill.stack;

import java.nio.file.Path;

/**
 * A program that starts a stack and keeps it until it is killed: the "test JVM that died" of {@link SweeperIT}.
 * Prints the run id once the stack is up.
 */
public final class StackHolder {

    private StackHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Stack stack = Stack.start(StackDefinition.load(Path.of(args[0])).only("redis"));
        System.out.println("run " + stack.runId());
        System.out.flush();
        Thread.currentThread().join();
    }
}
