package dev.velatemporal.sandbox;

/**
 * The ready pods of one Deployment, as a route destination reaches them: the unit Envoy balances over (weighted by
 * {@code ready}, as it spreads requests evenly over endpoints).
 *
 * @param revision the pods' {@code app.oam.dev/revision} label, else the Deployment's name
 * @param image the first container's image
 * @param ready ready pods, more than 0
 */
record Upstream(String revision, String image, int ready) {}
