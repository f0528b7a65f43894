package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.velatemporal.kube.Fixtures;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.kube.ReadinessWait;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.EnvVar;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Each change an activity makes is one INFO line naming the object, and no line carries what the objects hold:
 * the components here have an environment value that must never be logged.
 */
class ActionLogTest {

    private static final String SECRET = "s3cr3t-value";
    private static final String NS = "default";
    private static final String APP = "book-info";
    /** Where the activities' actions are logged; logback-test.xml keeps them at WARN for the other tests. */
    private static final List<String> ACTION_LOGGERS =
            List.of("dev.velatemporal.activity", "dev.velatemporal.kube", "dev.velatemporal.traffic");

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1);
    /**
     * Open until the test ends: the mock API server can hang the next request when a watch is closed while it
     * sends (the known fabric8 mock deadlock), so the informer is not stopped between requests.
     */
    private final ReadinessWait readiness = new ReadinessWait(cluster.client, Duration.ofMillis(50));
    private final Application bookinfo = DeliveryActivitiesImplTest.load(DeliveryActivitiesImplTest.FIRST_DEPLOY);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> levelsBefore = new HashMap<>();

    ActionLogTest() {
        for (String name : ACTION_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levelsBefore.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void stop() {
        root.detachAppender(appender);
        levelsBefore.forEach(Logger::setLevel);
        readiness.close();
        activities.close();
        cluster.close();
    }

    @Test
    void eachChangeIsOneLineNamingTheObjectAndNoEnvironmentValueIsLogged() {
        Component productpage = withSecret(bookinfo.component("productpage").orElseThrow());
        Component reviews = withSecret(bookinfo.component("reviews").orElseThrow());
        DeploymentRef reviewsV2 = new DeploymentRef(NS, "reviews-v2");
        TrafficRef reviewsTraffic = new TrafficRef(NS, "reviews");

        activities.applyComponent(new ApplyComponentRequest(APP, NS, productpage, null));
        activities.applyComponent(new ApplyComponentRequest(APP, NS, productpage, null));
        activities.applyComponent(new ApplyComponentRequest(APP, NS, withImage(productpage, "productpage:2"), null));
        activities.applyComponent(new ApplyComponentRequest(APP, NS, reviews, "reviews-v1"));
        activities.createRevision(new CreateRevisionRequest(APP, NS, "reviews", "reviews-v2", reviews.properties(), 0));
        activities.createRevision(new CreateRevisionRequest(APP, NS, "reviews", "reviews-v2", reviews.properties(), 0));
        activities.scale(new ScaleRequest(reviewsV2, 1));
        activities.scale(new ScaleRequest(reviewsV2, 1));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 1);
        readiness.await(reviewsV2, 1, progress -> {});
        activities.setSubsets(new SubsetsRequest(reviewsTraffic, List.of("reviews-v1", "reviews-v2")));
        activities.setSubsets(new SubsetsRequest(reviewsTraffic, List.of("reviews-v1", "reviews-v2")));
        activities.setWeights(new WeightsRequest(reviewsTraffic,
                List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10))));
        activities.deleteDeployment(reviewsV2);
        activities.deleteDeployment(reviewsV2);
        activities.deleteObjects(List.of(new ObjectRef(ObjectRef.SERVICE, NS, "reviews")));

        // The steps run twice log once: their second run changes nothing, which is DEBUG. The new image is a patch.
        assertThat(infoLines()).containsExactly(
                "created Deployment default/productpage",
                "created Service default/productpage",
                "created Gateway default/productpage",
                "created VirtualService default/productpage",
                "patched Deployment default/productpage",
                "created Service default/reviews",
                "created DestinationRule default/reviews with subsets [reviews-v1]",
                "created VirtualService default/reviews with weights none (all traffic to the host)",
                "created Deployment default/reviews-v2 (0 replicas)",
                "scaled Deployment default/reviews-v2 from 0 to 1 replicas",
                "Deployment default/reviews-v2 ready: 1 of 1",
                "set DestinationRule default/reviews subsets [reviews-v1, reviews-v2]",
                "set VirtualService default/reviews weights reviews-v1 90, reviews-v2 10",
                "deleted Deployment default/reviews-v2",
                "deleted Service default/reviews");
        assertThat(appender.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage())
                .as("logged by %s", event.getLoggerName()).doesNotContain(SECRET));
    }

    private List<String> infoLines() {
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.INFO && e.getLoggerName().startsWith("dev.velatemporal."))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** The component with an environment variable whose value is a secret. */
    private static Component withSecret(Component component) {
        WebserviceProperties p = component.properties();
        return with(component, new WebserviceProperties(p.image(), p.port(), p.cmd(),
                List.of(new EnvVar("DB_PASSWORD", SECRET)), p.cpu(), p.memory(), p.imagePullPolicy(), p.volumes()));
    }

    private static Component withImage(Component component, String image) {
        WebserviceProperties p = component.properties();
        return with(component, new WebserviceProperties(image, p.port(), p.cmd(), p.env(), p.cpu(), p.memory(),
                p.imagePullPolicy(), p.volumes()));
    }

    private static Component with(Component component, WebserviceProperties properties) {
        return new Component(component.name(), component.type(), properties, component.traits());
    }
}
