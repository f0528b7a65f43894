package dev.velatemporal.kube;

import static dev.velatemporal.kube.Fixtures.NS;
import static dev.velatemporal.kube.Fixtures.get;
import static dev.velatemporal.kube.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentsTest {

    private final MockCluster cluster = MockCluster.start();
    private final Deployments deployments = new Deployments(cluster.client);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void createIfMissingCreatesOnceAndThenLeavesTheDeploymentAlone() {
        assertThat(deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 0))).isTrue();
        assertThat(deployments.createIfMissing(revision("reviews", "reviews-v2", "img:3", 5))).isFalse();

        Deployment d = get(cluster.client, "reviews-v2");
        assertThat(d.getSpec().getReplicas()).isZero();
        assertThat(Deployments.image(d)).isEqualTo("img:2");
    }

    @Test
    void aConflictOnCreateOfAMissingDeploymentIsRetriedNotMistakenForAlreadyExists() {
        cluster.fail("POST", "/apis/apps/v1/namespaces/default/deployments", 409, "Conflict", "try again", 1);

        assertThatThrownBy(() -> deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 0)))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class);
        assertThat(get(cluster.client, "reviews-v2")).isNull();

        assertThat(deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 0))).isTrue();
    }

    @Test
    void createOrUpdateReplacesTheTemplateAndReplicasButNotTheStatus() {
        assertThat(deployments.createOrUpdate(revision("productpage", null, "img:1", 1))).isTrue();
        Fixtures.writeStatus(cluster.client, "productpage", 1);

        assertThat(deployments.createOrUpdate(revision("productpage", null, "img:2", 1))).isFalse();

        Deployment d = get(cluster.client, "productpage");
        assertThat(Deployments.image(d)).isEqualTo("img:2");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void scaleReturnsTheReplicasBeforeAndIsIdempotent() {
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 2));
        DeploymentRef ref = new DeploymentRef(NS, "reviews-v1");

        assertThat(deployments.scale(ref, 1)).isEqualTo(2);
        assertThat(deployments.scale(ref, 1)).isEqualTo(1);

        assertThat(get(cluster.client, "reviews-v1").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void scalingAMissingDeploymentFailsForGoodNamingIt() {
        assertThatThrownBy(() -> deployments.scale(new DeploymentRef(NS, "reviews-v2"), 1))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getType()).isEqualTo("NotFound");
                    assertThat(f.getOriginalMessage()).isEqualTo("scale Deployment default/reviews-v2: not found");
                });
    }

    @Test
    void deleteReturnsTheReplicasItHadThenMinusOne() {
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 2));
        DeploymentRef ref = new DeploymentRef(NS, "reviews-v1");

        assertThat(deployments.delete(ref)).isEqualTo(2);
        assertThat(get(cluster.client, "reviews-v1")).isNull();
        assertThat(deployments.delete(ref)).isEqualTo(-1);
    }

    @Test
    void observeListsTheComponentsDeploymentsOnly() {
        deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 1));
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 2));
        deployments.createIfMissing(revision("ratings", null, "img:r", 1));
        Fixtures.writeStatus(cluster.client, "reviews-v1", 2);

        assertThat(deployments.observe(NS, Fixtures.APP, "reviews")).containsExactly(
                new DeploymentReadiness("reviews-v1", "reviews-v1", "img:1", 2, 2),
                new DeploymentReadiness("reviews-v2", "reviews-v2", "img:2", 1, 0));
        assertThat(deployments.observe(NS, "other-app", "reviews")).isEmpty();
    }
}
