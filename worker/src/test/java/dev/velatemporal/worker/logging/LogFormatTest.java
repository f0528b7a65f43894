package dev.velatemporal.worker.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogFormatTest {

    private final PrintStream stderr = System.err;

    @AfterEach
    void restore() throws Exception {
        System.setErr(stderr);
        MDC.clear();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void jsonWritesOneObjectPerLineWithTheRolloutContext() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogFormat.JSON.apply();
        LogContext.generation("book-info", "default", 2);
        LogContext.step("rollout-1st-batch");

        LoggerFactory.getLogger("dev.velatemporal.kube.Deployments").info("scaled Deployment {} to {}",
                "default/reviews-v2", 1);

        String line = captured.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("scaled Deployment default/reviews-v2 to 1");
        assertThat(json.get("mdc").get("application").asText()).isEqualTo("book-info");
        assertThat(json.get("mdc").get("namespace").asText()).isEqualTo("default");
        assertThat(json.get("mdc").get("generation").asText()).isEqualTo("2");
        assertThat(json.get("mdc").get("step").asText()).isEqualTo("rollout-1st-batch");
    }

    @Test
    void theFlagValueIsTextOrJson() {
        assertThat(LogFormat.parse("json")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse("TEXT")).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessage("unknown log format xml; use text or json");
    }
}
