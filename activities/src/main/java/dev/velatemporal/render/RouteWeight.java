package dev.velatemporal.render;

/** The share of a component's traffic one revision gets: a VirtualService route to the revision's subset. */
public record RouteWeight(String revision, int weight) {}
