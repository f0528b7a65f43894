package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.velatemporal.worker.logging.LogContext;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A rollout's log lines say which application, generation and step they belong to: the workflow's own lines, and
 * the activities' lines, which get the context through the activity headers.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutLogsTest {

    KubernetesClient mock;

    private DeliveryTestbed testbed;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger velaLogger = (Logger) LoggerFactory.getLogger("dev.velatemporal");

    @BeforeEach
    void start() {
        logs.start();
        velaLogger.addAppender(logs);
        testbed = new DeliveryTestbed(mock);
    }

    @AfterEach
    void stop() {
        testbed.close();
        velaLogger.detachAppender(logs);
    }

    @Test
    void everyLineOfARolloutCarriesTheApplicationGenerationAndStep() {
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);

        ILoggingEvent scaled = line("scaled Deployment default/reviews-v2 from 0 to 1 replica");
        assertThat(scaled.getMDCPropertyMap())
                .containsEntry(LogContext.APPLICATION, "book-info")
                .containsEntry(LogContext.NAMESPACE, "default")
                .containsEntry(LogContext.GENERATION, "2")
                .containsEntry(LogContext.STEP, "rollout-1st-batch");
        ILoggingEvent firstDeploy = line("created Deployment default/reviews-v1");
        assertThat(firstDeploy.getMDCPropertyMap()).containsEntry(LogContext.GENERATION, "1")
                .containsEntry(LogContext.STEP, "reviews");
        ILoggingEvent started = line("generation 2 of book-info: starting");
        assertThat(started.getMDCPropertyMap()).containsEntry(LogContext.APPLICATION, "book-info")
                .containsEntry(LogContext.GENERATION, "2");
        List<ILoggingEvent> activityLines = logs.list.stream()
                .filter(e -> e.getLoggerName().startsWith("dev.velatemporal.kube")
                        || e.getLoggerName().startsWith("dev.velatemporal.traffic"))
                .toList();
        assertThat(activityLines).isNotEmpty().allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                .as(line.getFormattedMessage()).containsKeys(LogContext.APPLICATION, LogContext.NAMESPACE,
                        LogContext.GENERATION, LogContext.STEP));
    }

    private ILoggingEvent line(String startingWith) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().startsWith(startingWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line starting with " + startingWith + " in "
                        + logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList()));
    }
}
