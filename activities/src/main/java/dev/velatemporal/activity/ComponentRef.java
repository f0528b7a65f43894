package dev.velatemporal.activity;

/** A component of an Application, by the labels its objects carry. */
public record ComponentRef(String application, String namespace, String component) {}
