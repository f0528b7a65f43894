package dev.velatemporal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendersTest {

    @Test
    void theDefaultIsUserAtHost() {
        assertThat(Senders.local()).startsWith(System.getProperty("user.name") + "@").doesNotEndWith("@");
    }

    @Test
    void aNameIsOneTrimmedBoundedLine() {
        assertThat(Senders.clean("  alice \n laptop ")).isEqualTo("alice laptop");
        assertThat(Senders.clean(" ")).isNull();
        assertThat(Senders.clean(null)).isNull();
        assertThat(Senders.clean("x".repeat(500))).hasSize(Senders.MAX_LENGTH);
    }
}
