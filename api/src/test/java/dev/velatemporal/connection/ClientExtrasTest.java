package dev.velatemporal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.velatemporal.codec.PayloadKey;
import io.temporal.common.context.ContextPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientExtrasTest {

    private static final PayloadKey KEY = PayloadKey.fromBytes(new byte[32]);

    @Test
    void noneAddsNothing() {
        ClientExtras none = ClientExtras.none();

        assertThat(none.metricsScope()).isNull();
        assertThat(none.contextPropagators()).isEmpty();
        assertThat(none.payloadKey()).isEmpty();
    }

    @Test
    void eachWithReplacesOnlyItsOwnPart() {
        Scope scope = new NoopScope();
        ContextPropagator propagator = new TestPropagator("tenant");

        ClientExtras extras = ClientExtras.none()
                .withMetricsScope(scope)
                .withContextPropagators(List.of(propagator))
                .withPayloadKey(KEY);

        assertThat(extras.metricsScope()).isSameAs(scope);
        assertThat(extras.contextPropagators()).containsExactly(propagator);
        assertThat(extras.payloadKey()).contains(KEY);
        assertThat(extras.withPayloadKey(Optional.empty()))
                .isEqualTo(new ClientExtras(scope, List.of(propagator), Optional.empty()));
    }

    @Test
    void nullsMeanNothingAndThePropagatorListIsCopied() {
        List<ContextPropagator> propagators = new ArrayList<>();
        ClientExtras extras = new ClientExtras(null, propagators, null);
        propagators.add(new TestPropagator("late"));

        assertThat(extras.contextPropagators()).isEmpty();
        assertThat(extras.payloadKey()).isEmpty();
        assertThat(ClientExtras.none().withContextPropagators(null).contextPropagators()).isEmpty();
    }

    @Test
    void toStringDoesNotShowTheKey() {
        assertThat(ClientExtras.none().withPayloadKey(KEY).toString()).contains("PayloadKey[id=" + KEY.id() + "]");
    }
}
