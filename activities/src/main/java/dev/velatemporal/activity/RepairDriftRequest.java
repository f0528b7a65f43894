package dev.velatemporal.activity;

/** Put {@code object} back as {@code kept} says it was left. */
public record RepairDriftRequest(DriftRequest kept, ObjectRef object) {}
