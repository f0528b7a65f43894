package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** Object metadata as every renderer writes it: name, the Application's namespace, the OAM labels. */
final class ObjectMetas {

    private ObjectMetas() {}

    static ObjectMeta of(String name, String namespace, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }

    /** The metadata of an object of the component as a whole, named after it: its Service, VirtualService... */
    static ObjectMeta ofComponent(Application application, Component component) {
        return of(component.name(), application.namespace(), OamLabels.of(application.name(), component.name()));
    }
}
