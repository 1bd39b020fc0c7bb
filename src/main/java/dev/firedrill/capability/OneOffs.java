package dev.firedrill.capability;

import dev.firedrill.Capability;

/** PLACEHOLDER on the kinds branch: the real interface lands from main (one-off containers). */
public interface OneOffs extends Capability {
}
