package dev.velatemporal.worker;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The cluster the worker acts on, checked at start-up: a kubeconfig that points nowhere is one clear error at the
 * start rather than a retried activity per rollout.
 */
record KubernetesConnection(KubernetesClient client, String url, String version) implements AutoCloseable {

    /**
     * @param kubeconfig a kubeconfig file, or null for fabric8's usual search (KUBECONFIG, ~/.kube/config,
     *     in-cluster service account)
     * @param context a context of it, or null for its current context
     */
    static KubernetesConnection open(Path kubeconfig, String context) {
        return open(kubeconfig, context, UnaryOperator.identity());
    }

    /** @param customize adds to the client before it is built (the worker's API call metrics) */
    static KubernetesConnection open(Path kubeconfig, String context, UnaryOperator<KubernetesClientBuilder> customize) {
        Config config;
        try {
            if (kubeconfig != null) {
                config = Config.fromKubeconfig(context, kubeconfig.toFile());
            } else {
                config = Config.autoConfigure(context);
            }
        } catch (RuntimeException e) {
            throw new ClusterUnreachableException("cannot read the kubeconfig " + (kubeconfig != null ? kubeconfig
                    : "") + ": " + e.getMessage() + " (check --kubeconfig and --kube-context)");
        }
        KubernetesClient client = customize.apply(new KubernetesClientBuilder().withConfig(config)).build();
        try {
            String version = "Kubernetes " + client.getKubernetesVersion().getGitVersion();
            return new KubernetesConnection(client, config.getMasterUrl(), version);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
                // Some clusters hide /version; the activities' own permissions are what matter.
                return new KubernetesConnection(client, config.getMasterUrl(), "version not readable");
            }
            client.close();
            throw new ClusterUnreachableException("cannot reach Kubernetes at " + config.getMasterUrl() + ": "
                    + e.getMessage() + " (check the kubeconfig's current context, or give --kubeconfig and"
                    + " --kube-context)");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
