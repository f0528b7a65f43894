package dev.velatemporal.workflow;

/**
 * An update the workflow has answered, kept (a few, the latest) across continue-as-new: the same update ID sent
 * again gets the same answer and is not applied twice.
 */
public record AnsweredUpdate(String updateId, UpdateAnswer answer) {}
