package dev.velatemporal.activity;

/** The canary traffic objects of a component: its DestinationRule and VirtualService, both named after it. */
public record TrafficRef(String namespace, String component) {}
