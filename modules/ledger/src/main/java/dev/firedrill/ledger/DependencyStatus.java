package dev.firedrill.ledger;

import java.util.Objects;

/**
 * What a readiness check found for one dependency: {@code ok}, or the reason it is not usable
 * (e.g. {@code DependencyStatus.down("connection refused")}).
 *
 * @param reason {@code "ok"} or a short reason from {@link OutageReason}
 */
record DependencyStatus(String reason) {

    static final DependencyStatus OK = new DependencyStatus("ok");

    DependencyStatus {
        Objects.requireNonNull(reason, "reason");
    }

    static DependencyStatus down(String reason) {
        return new DependencyStatus(reason);
    }

    boolean isOk() {
        return reason.equals("ok") || reason.equals("disabled");
    }
}
