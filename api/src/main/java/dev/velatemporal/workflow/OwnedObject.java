package dev.velatemporal.workflow;

/**
 * An object an Application's workflow owns: it created it, or may have (a generation that was superseded or whose
 * create answer was lost), and nothing else owns it. The workflow carries the list from run to run
 * (docs/behaviour.md, "Ownership and garbage collection"), so objects of earlier specs are found and deleted when
 * no generation wants them any more.
 *
 * @param kind {@code Deployment}, {@code Service}, {@code Gateway}, {@code VirtualService} or
 *     {@code DestinationRule}
 * @param generation the generation that last wrote it (or may have)
 */
public record OwnedObject(String kind, String namespace, String name, int generation) {

    /** Kind, namespace and name: what tells two objects apart, whichever generation wrote them. */
    public String key() {
        return kind + " " + namespace + "/" + name;
    }
}
