package dev.firedrill.fault;

import dev.firedrill.capability.ServiceResources;

/**
 * A service's memory limit as a fault found it, changed by the fault and put back by its undo: only when the limit is
 * still the one the fault set, so that a procedure's own limit (restart-with-limit's, the fix) is not undone with the fault.
 */
final class MemoryLimit {

    private final ServiceResources resources;
    private final String service;
    private final long before;
    private volatile long set = -1;

    MemoryLimit(ServiceResources resources, String service, long before) {
        this.resources = resources;
        this.service = service;
        this.before = before;
    }

    /** The limit found, in bytes; 0 for none. */
    long before() {
        return before;
    }

    void set(long bytes) {
        set = bytes;
        resources.limitMemory(service, bytes);
    }

    /** Puts the limit found back, if this set one and nothing changed it since; whether it did. */
    boolean restore() {
        if (set < 0 || resources.limits(service).memoryBytes() != set) {
            return false;
        }
        resources.limitMemory(service, before);
        set = -1;
        return true;
    }
}
