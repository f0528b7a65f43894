package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code istio-gateway}: an Istio Gateway and a VirtualService that let outside traffic reach the component. */
public record IstioGatewayTrait(Properties properties) implements Trait {

    public static final String TYPE = "istio-gateway";
    public static final String DEFAULT_GATEWAY = "ingressgateway";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @param hosts the hosts the Gateway accepts
     * @param gateway the value of the {@code istio} label of the gateway pods
     * @param match the URI matches routed to the component (empty: every request)
     * @param port the component port requests go to (the component's port by default)
     */
    public record Properties(List<String> hosts, String gateway, List<UriMatch> match, int port) {
        public Properties {
            hosts = List.copyOf(hosts);
            match = List.copyOf(match);
        }
    }

    /** Exactly one of the three is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UriMatch(String exact, String prefix, String regex) {

        public static UriMatch exact(String path) {
            return new UriMatch(path, null, null);
        }

        public static UriMatch prefix(String path) {
            return new UriMatch(null, path, null);
        }
    }
}
