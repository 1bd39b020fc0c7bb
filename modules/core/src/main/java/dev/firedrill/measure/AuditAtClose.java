package dev.firedrill.measure;

import dev.firedrill.Probe;

/**
 * A started probe that observes nothing while the drill runs and does its one piece of work when it is closed, after
 * the drill's last phase: an audit that counts what the system holds in the end (jobs run, entries consistent) and
 * writes it to the timeline. Closing it again does nothing.
 */
final class AuditAtClose implements Probe.Running {

    private final String path;
    private final Runnable audit;
    private boolean closed;

    AuditAtClose(String path, Runnable audit) {
        this.path = path;
        this.audit = audit;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long observations() {
        return 0;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            audit.run();
        }
    }
}
