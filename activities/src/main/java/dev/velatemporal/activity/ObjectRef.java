package dev.velatemporal.activity;

/** A Kubernetes or Istio object by kind ({@code Deployment}, {@code Service}, {@code Gateway}, {@code VirtualService}, {@code DestinationRule}), namespace and name. */
public record ObjectRef(String kind, String namespace, String name) {

    public static final String DEPLOYMENT = "Deployment";
    public static final String SERVICE = "Service";
    public static final String GATEWAY = "Gateway";
    public static final String VIRTUAL_SERVICE = "VirtualService";
    public static final String DESTINATION_RULE = "DestinationRule";
}
