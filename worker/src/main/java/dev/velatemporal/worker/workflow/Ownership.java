package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.ExposeTrait;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.revision.ComponentHistory;
import dev.velatemporal.revision.Revision;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.workflow.OwnedObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every object the Application owns, carried from run to run (docs/behaviour.md, "Ownership and garbage
 * collection"). A generation adds what its spec may have created, before it knows how it ends: a superseded
 * generation's canary, or a create whose answer was lost, is owned all the same. When a generation succeeds,
 * what it does not want is garbage: a superseded generation's revision, a component removed from the spec with
 * its Service and Istio objects. {@code delete} deletes everything owned, whatever spec created it.
 *
 * <p>Workflow code: a list in a fixed order, computed from specs and the revision history only.
 */
final class Ownership {

    private final Map<String, OwnedObject> owned = new LinkedHashMap<>();

    private Ownership() {}

    /**
     * The carried list; runs from before ownership carried none, so it is derived from their last spec and every
     * revision of the revision history (at worst a delete of something already gone).
     */
    static Ownership carried(List<OwnedObject> carried, Application lastApplied, RevisionHistory history,
            int generation) {
        Ownership ownership = new Ownership();
        if (carried != null) {
            carried.forEach(ownership::add);
        } else if (lastApplied != null) {
            String namespace = lastApplied.namespace();
            for (Component component : lastApplied.components()) {
                ownership.addAll(objectsOf(component, namespace), generation);
            }
            for (ComponentHistory component : history.components()) {
                for (Revision revision : component.revisions()) {
                    ownership.add(new OwnedObject(ObjectRef.DEPLOYMENT, namespace, revision.name(), generation));
                }
            }
        }
        return ownership;
    }

    /** What {@code spec} may create in a generation: before the first write, so nothing it creates is unowned. */
    void claim(Application spec, RevisionPlan plan, RevisionHistory before, int generation) {
        for (Component component : spec.components()) {
            addAll(objectsOf(component, spec.namespace()), generation);
            if (component.rollout().isPresent()) {
                String target = plan.of(component.name()).targetRevision();
                add(new OwnedObject(ObjectRef.DEPLOYMENT, spec.namespace(), target, generation));
                // A canary-rollback or an undo may bring these back; owned already unless deleted by hand.
                for (String revision : revisionsBefore(component.name(), before)) {
                    owned.putIfAbsent(key(new ObjectRef(ObjectRef.DEPLOYMENT, spec.namespace(), revision)),
                            new OwnedObject(ObjectRef.DEPLOYMENT, spec.namespace(), revision, generation));
                }
            }
        }
    }

    /**
     * What a succeeded generation no longer wants: everything owned but the objects of its spec's components and,
     * of each rolled-out component, its stable revision and the generation's target (a rollout may end halfway,
     * with both serving).
     */
    List<OwnedObject> unwanted(Application spec, RevisionPlan plan, RevisionHistory after) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Component component : spec.components()) {
            objectsOf(component, spec.namespace()).forEach(ref -> wanted.add(key(ref)));
            if (component.rollout().isPresent()) {
                String stable = after.of(component.name()).stableRevision();
                String target = plan.of(component.name()).targetRevision();
                for (String revision : new String[] {stable, target}) {
                    if (revision != null) {
                        wanted.add(key(new ObjectRef(ObjectRef.DEPLOYMENT, spec.namespace(), revision)));
                    }
                }
            }
        }
        return owned.values().stream().filter(object -> !wanted.contains(object.key())).toList();
    }

    /** Objects deleted, or found gone: no longer owned. */
    void release(List<OwnedObject> objects) {
        objects.forEach(object -> owned.remove(object.key()));
    }

    List<OwnedObject> list() {
        return List.copyOf(owned.values());
    }

    static ObjectRef ref(OwnedObject object) {
        return new ObjectRef(object.kind(), object.namespace(), object.name());
    }

    /** The objects a component has besides its revision Deployments, as the activities render them. */
    static List<ObjectRef> objectsOf(Component component, String namespace) {
        List<ObjectRef> objects = new ArrayList<>();
        String name = component.name();
        if (component.rollout().isEmpty()) {
            objects.add(new ObjectRef(ObjectRef.DEPLOYMENT, namespace, name));
        }
        if (component.trait(ExposeTrait.class).isPresent() || component.canaryTraffic().isPresent()) {
            objects.add(new ObjectRef(ObjectRef.SERVICE, namespace, name));
        }
        if (component.canaryTraffic().isPresent()) {
            objects.add(new ObjectRef(ObjectRef.DESTINATION_RULE, namespace, name));
        }
        if (component.canaryTraffic().isPresent() || component.trait(IstioGatewayTrait.class).isPresent()) {
            objects.add(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, namespace, name));
        }
        if (component.trait(IstioGatewayTrait.class).isPresent()) {
            objects.add(new ObjectRef(ObjectRef.GATEWAY, namespace, name));
        }
        return objects;
    }

    /** The revisions a {@code canary-rollback} may go back to. */
    private static List<String> revisionsBefore(String component, RevisionHistory before) {
        List<String> revisions = new ArrayList<>();
        ComponentHistory past = before.of(component);
        for (String revision : new String[] {past.stableRevision(), past.previousStableRevision()}) {
            if (revision != null && !revisions.contains(revision)) {
                revisions.add(revision);
            }
        }
        return revisions;
    }

    private void addAll(List<ObjectRef> objects, int generation) {
        objects.forEach(ref -> add(new OwnedObject(ref.kind(), ref.namespace(), ref.name(), generation)));
    }

    private void add(OwnedObject object) {
        owned.put(object.key(), object);
    }

    private static String key(ObjectRef ref) {
        return new OwnedObject(ref.kind(), ref.namespace(), ref.name(), 0).key();
    }
}
