package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespacePolicyTest {

    @Test
    void anyAllowsEveryNamespace() {
        assertThat(NamespacePolicy.any().allows("default")).isTrue();
        assertThat(NamespacePolicy.any().allows("kube-system")).isTrue();
        assertThat(NamespacePolicy.any().describe()).isEqualTo("any namespace");
        assertThat(NamespacePolicy.of(List.of())).isEqualTo(NamespacePolicy.any());
    }

    @Test
    void aListAllowsOnlyItsNamespaces() {
        NamespacePolicy policy = NamespacePolicy.of(List.of("team-b", "team-a", "team-b"));

        assertThat(policy.allows("team-a")).isTrue();
        assertThat(policy.allows("team-b")).isTrue();
        assertThat(policy.allows("default")).isFalse();
        assertThat(policy.allows(null)).isFalse();
        assertThat(policy.describe()).isEqualTo("team-a, team-b");
        assertThat(policy).isEqualTo(NamespacePolicy.of(Set.of("team-a", "team-b")));
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> NamespacePolicy.of(List.of("team-a", " ")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamespacePolicy.of(Arrays.asList("team-a", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
