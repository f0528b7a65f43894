package dev.velatemporal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.render.IstioApiVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultInjectorTest {

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("k", "v")).build();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsExecutedAndTheClientSeesNoSuccess() {
        try (SandboxCluster cluster = SandboxCluster.start(0, IstioApiVersion.V1,
                ApiFaults.rules(FaultRule.once("POST", "/configmaps", ApiFault.ANSWER_LOST)))) {
            // No HTTP answer: code -1, which ApiErrors retries, as a reset.
            assertThatThrownBy(() -> cluster.faultyClient().resource(configMap("lost")).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(-1));
            assertThat(cluster.client().configMaps().inNamespace("default").withName("lost").get()).isNotNull();
            assertThat(cluster.injectedFaults()).containsExactly("POST /api/v1/namespaces/default/configmaps ANSWER_LOST");
        }
    }

    @Test
    void aResetBeforeTheRequestExecutesNothing() {
        try (SandboxCluster cluster = SandboxCluster.start(0, IstioApiVersion.V1,
                ApiFaults.rules(FaultRule.once("POST", "/configmaps", ApiFault.RESET_BEFORE)))) {
            assertThatThrownBy(() -> cluster.faultyClient().resource(configMap("reset")).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(-1));
            assertThat(cluster.client().configMaps().inNamespace("default").withName("reset").get()).isNull();
            cluster.faultyClient().resource(configMap("reset")).create(); // the rule was for once
        }
    }

    @Test
    void aPersistentForbiddenIsAnsweredAsTheApiWouldAndOnlyToTheMarkedClient() {
        try (SandboxCluster cluster = SandboxCluster.start(0, IstioApiVersion.V1,
                ApiFaults.rules(FaultRule.always(null, "/configmaps/locked", ApiFault.FORBIDDEN)))) {
            cluster.client().resource(configMap("locked")).create();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> cluster.faultyClient().configMaps().inNamespace("default")
                        .withName("locked").get())
                        .isInstanceOfSatisfying(KubernetesClientException.class,
                                e -> assertThat(e.getCode()).isEqualTo(403));
            }
            assertThat(cluster.client().configMaps().inNamespace("default").withName("locked").get()).isNotNull();
        }
    }

    @Test
    void theSameSeedFaultsTheSameRequests() {
        assertThat(decisions(42)).isEqualTo(decisions(42)).isNotEqualTo(decisions(43));
        assertThat(decisions(42).stream().filter(d -> !d.equals("ok")).count()).isBetween(20L, 60L);
    }

    /** 200 requests straight into the injector (no server, no event loop): which got which fault. */
    private static List<String> decisions(long seed) {
        Dispatcher ok = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200).setBody("{}");
            }
        };
        FaultInjector injector = new FaultInjector(ok, ApiFaults.transientFaults(seed));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.PATCH,
                    "/apis/apps/v1/namespaces/default/deployments/d" + i,
                    Headers.builder().add(ApiFaults.MARK_HEADER, "on").build(), new Buffer());
            int before = injector.injected().size();
            injector.dispatch(request);
            out.add(injector.injected().size() == before ? "ok" : injector.injected().get(before).fault().name());
        }
        return out;
    }

    @Test
    void watchesAreCutEveryFewSecondsAndAnInformerFollowsOn() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(0, IstioApiVersion.V1,
                new ApiFaults(1, 0, Duration.ofMillis(500), List.of()))) {
            AtomicInteger seen = new AtomicInteger();
            CountDownLatch late = new CountDownLatch(1);
            SharedIndexInformer<ConfigMap> informer = cluster.faultyClient().configMaps().inNamespace("default")
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(ConfigMap map) {
                            seen.incrementAndGet();
                            if (map.getMetadata().getName().equals("late")) {
                                late.countDown();
                            }
                        }

                        @Override
                        public void onUpdate(ConfigMap before, ConfigMap after) {}

                        @Override
                        public void onDelete(ConfigMap map, boolean unknown) {}
                    });
            try {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cluster.cutWatches() < 2 && System.nanoTime() < giveUp) {
                    Thread.sleep(50); // test code: waiting for the server's timer
                }
                assertThat(cluster.cutWatches()).isGreaterThanOrEqualTo(2);
                cluster.client().resource(configMap("late")).create();
                assertThat(late.await(10, TimeUnit.SECONDS)).as("the informer saw a create after the cuts").isTrue();
            } finally {
                informer.close(); // after the last event: no send races this close
            }
        }
    }
}
