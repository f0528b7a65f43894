package dev.velatemporal.traffic;

import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.render.RouteWeight;
import java.util.List;

/**
 * How a component's traffic is split between its revisions, for one service mesh. As in Argo Rollouts, the
 * rollout logic (the workflow) decides what share each revision gets and when; a router only knows how its mesh
 * expresses that. A revision is reachable once it is a subset; weights may only name subsets that exist, so the
 * caller adds subsets before it routes to them and removes them after it stopped.
 *
 * <p>Every method is idempotent and returns, for the changing ones, the state before, so the caller can undo.
 */
public interface TrafficRouter {

    /**
     * Creates the component's traffic objects if they do not exist, routing everything to the component as a
     * whole, with {@code revision} as the only subset (none when null). Existing ones are left as they are.
     *
     * @return the objects it created
     */
    List<ObjectRef> initialize(Application application, Component component, String revision);

    /** The subsets and weights as the cluster has them now. */
    TrafficState read(TrafficRef traffic);

    /** Makes the subsets exactly {@code revisions}, in that order; returns the state before. */
    TrafficState setSubsets(TrafficRef traffic, List<String> revisions);

    /** Makes the routes exactly {@code weights} (empty: to the component as a whole); returns the state before. */
    TrafficState setWeights(TrafficRef traffic, List<RouteWeight> weights);
}
