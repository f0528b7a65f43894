package dev.velatemporal.activity;

import java.util.List;

/**
 * Objects an Application owns and no longer wants.
 *
 * @param application only objects labelled as this Application's (and managed by vela-temporal) are deleted
 */
public record GarbageRequest(String application, List<ObjectRef> objects) {

    public GarbageRequest {
        objects = List.copyOf(objects);
    }
}
