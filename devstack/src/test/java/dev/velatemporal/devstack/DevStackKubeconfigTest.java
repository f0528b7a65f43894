package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.sandbox.FreePort;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two dev stacks side by side, in one directory: neither reads, overwrites or removes the other's kubeconfig. */
@Timeout(120)
class DevStackKubeconfigTest {

    @TempDir
    Path dir;

    @Test
    void twoStacksKeepAKubeconfigEachAndStopWithoutTouchingTheOther() throws Exception {
        DevStackSettings settings = DevStackSettings.ephemeral(dir, Duration.ofMillis(200));
        Path state = dir.resolve(".vela-temporal");
        try (DevStack first = DevStack.start(settings)) {
            Path firstFile = first.kubeconfig();
            assertThat(firstFile).isEqualTo(state.resolve("sandbox-" + first.temporalPort() + ".kubeconfig"));
            String firstConfig = Files.readString(firstFile);

            DevStack second = DevStack.start(settings);
            Path secondFile = second.kubeconfig();
            try {
                assertThat(secondFile).isEqualTo(state.resolve("sandbox-" + second.temporalPort() + ".kubeconfig"))
                        .isNotEqualTo(firstFile);
                assertThat(Files.readString(firstFile)).as("the first stack's kubeconfig").isEqualTo(firstConfig);
                // What kubectl sees through each file: its own stack's objects only.
                try (KubernetesClient viaSecond = client(secondFile); KubernetesClient viaFirst = client(firstFile)) {
                    viaSecond.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                            .withName("only-in-the-second").endMetadata().build()).create();
                    assertThat(names(viaFirst)).doesNotContain("only-in-the-second");
                    assertThat(names(viaSecond)).contains("only-in-the-second");
                }

                // Told to write the first one's file, a third stack refuses before starting anything.
                assertThatThrownBy(() -> DevStack.start(settings.withKubeconfig(firstFile)))
                        .isInstanceOf(DevStackException.class)
                        .hasMessage(firstFile + " belongs to a dev stack that is still running (its Kubernetes API"
                                + " at " + first.kubeUrl() + " answers): stop that one, or give this one another"
                                + " --sandbox-kubeconfig");
                assertThat(Files.readString(firstFile)).isEqualTo(firstConfig);
            } finally {
                second.close();
            }
            assertThat(secondFile).as("removed when its stack stopped").doesNotExist();
            assertThat(Files.readString(firstFile)).as("the first stack's, untouched").isEqualTo(firstConfig);
        }
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void aKubeconfigLeftBehindByAStackThatDiedIsReplaced() throws Exception {
        Path file = dir.resolve("sandbox.kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "http://127.0.0.1:%d"}}]
                contexts: [{name: dead, context: {cluster: dead, user: dead}}]
                current-context: dead
                users: [{name: dead, user: {}}]
                """.formatted(FreePort.find()));
        try (DevStack stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200))
                .withKubeconfig(file))) {
            assertThat(stack.kubeconfig()).isEqualTo(file);
            assertThat(Files.readString(file)).contains("server: \"" + stack.kubeUrl() + "\"");
        }
    }

    private static KubernetesClient client(Path kubeconfig) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig.toFile())).build();
    }

    private static List<String> names(KubernetesClient client) {
        return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    }
}
