package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import dev.velatemporal.devstack.TemporalServerChoice;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed story (the three upstream files of KubeVela v1.1) on a real Temporal, the Temporal CLI's dev server,
 * driven and read the way an operator does it with Temporal's own tools: {@code temporal workflow list} on the
 * search attributes, {@code describe}, {@code query --type status}, the resume sent by {@code temporal workflow
 * signal}, the Temporal UI in headless Chromium (a screenshot is kept under {@code target/}), and
 * {@code bin/starter list} on the server's visibility.
 *
 * <p>The runs' histories are written to {@code worker/src/test/resources/histories/real-server/} with
 * {@code -Dhistories.update=true}, for {@code ReplayTest}.
 *
 * <p>The tests share one stack and run in order: the story is suspended for the CLI and the UI, then resumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class RealTemporalEndToEndTest {

    private static final Path SEED = Path.of("../reference/kubevela-v1.1");
    private static final Path HISTORIES = Path.of("../worker/src/test/resources/histories/real-server");
    private static final Path SCREENSHOT = Path.of("target/temporal-ui-book-info.png");
    private static final String ID = "default.book-info";
    /** Visibility is eventually consistent: a search attribute just set shows in a list within a second or so. */
    private static final Duration VISIBILITY = Duration.ofSeconds(20);
    private static final Duration UI = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Path cli;
    private DevStack stack;
    private StarterRunner starter;
    private TemporalView temporal;
    private WorkflowExecution firstRun;
    private WorkflowExecution rolloutRun;

    /** Selenium says it has no DevTools for Chromium's version: not needed for pages, text and screenshots. */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    void start() {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
        if (DevStack.temporalCli().isEmpty()) {
            return; // each test says why it does not run
        }
        cli = DevStack.temporalCli().orElseThrow();
        stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200))
                .withTemporalServer(TemporalServerChoice.cli(0)));
        starter = new StarterRunner(stack.temporalAddress());
        temporal = new TemporalView(stack.temporal());
    }

    /** Skipped, each with the one-line reason, without the Temporal CLI; failed under CI=true. */
    @BeforeEach
    void needsTheTemporalCli() {
        Required.temporalCli();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theRolloutSuspendsAndTemporalsCliShowsIt() throws Exception {
        succeed("apply", "-f", SEED.resolve("first-deploy.yaml").toString(), "--wait");
        firstRun = temporal.firstRun(ID);
        succeed("apply", "-f", SEED.resolve("rollout-v2.yaml").toString(), "--wait");
        rolloutRun = currentRun(ID);

        // The list on the search attributes: exactly the suspended application.
        List<String> suspended = eventually(() -> workflowIds(temporalCli("workflow", "list", "--query",
                "VelaPhase='suspended'", "--output", "json")), ids -> ids.equals(List.of(ID)),
                "temporal workflow list --query VelaPhase='suspended' lists " + ID);
        assertThat(suspended).containsExactly(ID);
        assertThat(workflowIds(temporalCli("workflow", "list", "--query",
                "VelaPhase='succeeded' AND ExecutionStatus='Running'", "--output", "json"))).isEmpty();

        // describe: the summary and details the starter gave the workflow when it started it (on its first run;
        // a new generation continues as new), and the latest run's search attributes.
        String describe = temporalCli("workflow", "describe", "--workflow-id", ID, "--run-id", firstRun.getRunId());
        assertThat(describe).containsPattern("StaticSummary +\"" + Pattern.quote(
                "book-info (default): deploy reviews-v1, with productpage, ratings, details") + "\"")
                .containsPattern("StaticDetails +\".*docker.io/istio/examples-bookinfo-reviews-v2:1.16.2");
        String latest = temporalCli("workflow", "describe", "--workflow-id", ID);
        assertThat(latest).contains(rolloutRun.getRunId(), "ApplicationWorkflow", "vela-applications")
                .contains("VelaPhase:", "\\\"suspended\\\"", "VelaRevision:", "\\\"reviews-v2\\\"");

        // query --type status: the status document, as bin/starter status -o json prints it.
        JsonNode query = JSON.readTree(temporalCli("workflow", "query", "--workflow-id", ID, "--type", "status",
                "--output", "json"));
        JsonNode status = query.get("queryResult").get(0);
        assertThat(status.get("workflowId").asText()).isEqualTo(ID);
        assertThat(status.get("generation").asInt()).isEqualTo(2);
        assertThat(status.get("phase").asText()).isEqualTo("suspended");
        assertThat(status.get("currentStep").asText()).isEqualTo("manual-approval");
        assertThat(status.get("message").asText()).isEqualTo("waiting for resume at step manual-approval");
        assertThat(revisions(status)).containsExactly("reviews-v1 1/1 90", "reviews-v2 1/1 10");
        // The same document as bin/starter status -o json, but for the events, which the starter adds.
        ObjectNode starterStatus = (ObjectNode) status("book-info", "default");
        starterStatus.remove("events");
        ((ObjectNode) status).remove("events");
        assertThat(status).isEqualTo(starterStatus);
    }

    @Test
    @Order(2)
    void theTemporalUiShowsTheWorkflowItsDetailsAndItsActivitySummaries() throws Exception {
        Required.Chromium chromium = Required.chromium();
        String page = stack.workflowPage(ID).orElseThrow();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.driver().toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        // No sandbox (CI runs as root); no background traffic (a closed network refuses it, many times a second).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-gpu", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1400", "--user-data-dir=" + Files.createDirectories(
                        dir.resolve("chromium-profile")));
        WebDriver browser = new ChromeDriver(service, options);
        try {
            // The workflow's page opens on its latest run, the suspended rollout: its event history, in which
            // each activity and timer carries its summary.
            browser.get(page);
            String history = awaitText(browser, t -> t.contains(ID) && t.contains("Event History")
                    && t.contains("scale reviews-v2 to 1 replica"), "the workflow's ID and its event history");
            keep(browser, "temporal-ui-book-info-history", history);
            assertThat(history).contains("Running", "ApplicationWorkflow", "vela-applications",
                    "Scale • scale reviews-v2 to 1 replica", "AwaitReady • wait until reviews-v2 has 1 ready replica",
                    "SetWeights • shift reviews: reviews-v1 90% / reviews-v2 10%",
                    "progress deadline: reviews-v2 ready at 1 replica within 600s");

            // Its User Metadata tab: the events with a summary, in order, and the current details.
            String metadata = openTab(browser, "User Metadata", t -> t.contains("Events with Metadata")
                    && t.contains("shift reviews: reviews-v1 90% / reviews-v2 10%")
                    && t.contains("generation 2: suspended"), "the events with metadata and the current details");
            keep(browser, "temporal-ui-book-info", metadata);
            assertThat(metadata).contains("book-info (default), generation 2: suspended — waiting for resume at step"
                    + " manual-approval", "create Deployment reviews-v2 if missing (0 replicas)",
                    "scale reviews-v2 to 1 replica", "wait until reviews-v2 has 1 ready replica",
                    "DestinationRule reviews: subsets reviews-v1, reviews-v2");

            // The first run, the one the starter started: the summary and details it gave the workflow.
            browser.get(page + "/" + firstRun.getRunId() + "/history");
            String first = openTab(browser, "User Metadata", t -> t.contains(firstRun.getRunId())
                    && t.contains("book-info (default): deploy reviews-v1, with productpage, ratings, details"),
                    "the first run's summary");
            keep(browser, "temporal-ui-book-info-first-run", first);
            assertThat(first).contains("Completed", "apply component reviews (revision reviews-v1)");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void theResumeSentByTemporalsCliFinishesTheRollout() throws Exception {
        temporalCli("workflow", "signal", "--workflow-id", ID, "--name", "resume");

        JsonNode released = eventually(() -> status("book-info", "default"),
                s -> s.get("generation").asInt() == 2 && s.get("phase").asText().equals("succeeded"),
                "generation 2 succeeded");
        assertThat(revisions(released)).containsExactly("reviews-v2 2/2 100");
        KubernetesClient kube = stack.kube();
        assertThat(ready(kube, "default", "reviews-v2")).isEqualTo(2);
        assertThat(kube.apps().deployments().inNamespace("default").withName("reviews-v1").get()).isNull();
        assertThat(weights(kube, "default")).isEqualTo("reviews-v2=100");

        // bin/starter list: which applications there are, and their phase, from the server's visibility: the
        // list query it sends, which the Java test server could not answer, as Temporal's CLI sends it.
        assertThat(eventually(() -> workflowIds(temporalCli("workflow", "list", "--query", "WorkflowType="
                + "'ApplicationWorkflow' AND ExecutionStatus='Running' AND VelaNamespace='default' AND"
                + " VelaPhase='succeeded'", "--output", "json")), ids -> !ids.isEmpty(), "visibility"))
                .containsExactly(ID);
        Run list = eventually(() -> starter.run("list"), run -> run.out().contains("succeeded"),
                "bin/starter list shows book-info succeeded");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(list.out()).containsPattern("(?m)^NAME +PHASE +GENERATION +STEP +REVISION *$")
                .containsPattern("(?m)^book-info +succeeded +2 +- +reviews-v2 *$");

        exportHistory(firstRun, "first-deploy");
        exportHistory(rolloutRun, "rollout-v2-resumed");
    }

    @Test
    @Order(4)
    void rollbackYamlWhileSuspendedGivesEverythingBackToReviewsV1() throws Exception {
        String ns = "rollback";
        succeed("apply", "-f", copyInto(ns, "first-deploy.yaml").toString(), "--wait");
        succeed("apply", "-f", copyInto(ns, "rollout-v2.yaml").toString(), "--wait");
        WorkflowExecution suspendedRun = currentRun(ns + ".book-info");
        succeed("apply", "-f", copyInto(ns, "rollback.yaml").toString(), "--wait");
        WorkflowExecution rollbackRun = currentRun(ns + ".book-info");

        JsonNode status = status("book-info", ns);
        assertThat(status.get("generation").asInt()).isEqualTo(3);
        assertThat(status.get("phase").asText()).isEqualTo("succeeded");
        assertThat(revisions(status)).containsExactly("reviews-v1 2/2 100");
        assertThat(weights(stack.kube(), ns)).isEqualTo("reviews-v1=100");
        assertThat(stack.kube().apps().deployments().inNamespace(ns).withName("reviews-v2").get()).isNull();

        Run list = eventually(() -> starter.run("list", "-A"), run -> run.out().contains("rollback "),
                "bin/starter list -A shows namespace rollback");
        assertThat(list.out()).containsPattern("(?m)^default +book-info +succeeded +2 +- +reviews-v2 *$")
                .containsPattern("(?m)^rollback +book-info +succeeded +3 +- +reviews-v[12] *$");

        exportHistory(suspendedRun, "rollout-v2-superseded-by-rollback");
        exportHistory(rollbackRun, "rollback");
    }

    // --- Temporal's own CLI ------------------------------------------------------------------------------------

    /** {@code temporal ARGS --address ADDR}, which must succeed; its standard output. */
    private String temporalCli(String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--address", stack.temporalAddress()));
        try {
            Path err = Files.createTempFile(dir, "temporal", ".err");
            Process process = new ProcessBuilder(command).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s%n%s%s", String.join(" ", command), stdout, Files.readString(err))
                    .isZero();
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The workflow IDs in {@code temporal workflow list --output json}: one JSON object a line, or an array. */
    private static List<String> workflowIds(String json) {
        List<String> ids = new ArrayList<>();
        try {
            var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(json);
            while (values.hasNext()) {
                JsonNode value = values.next();
                for (JsonNode execution : value.isArray() ? value : List.of(value)) {
                    ids.add(execution.get("execution").get("workflowId").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
        return ids;
    }

    // --- the Temporal UI ---------------------------------------------------------------------------------------

    /** The page's text once it satisfies {@code condition}: the UI is a single-page app that renders as data comes. */
    private static String awaitText(WebDriver browser, Predicate<String> condition, String what) {
        try {
            return new WebDriverWait(browser, UI).until(driver -> {
                String text = pageText(driver);
                return condition.test(text) ? text : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("the Temporal UI did not show " + what + " within " + UI.toSeconds()
                    + " s; it showed:\n" + pageText(browser), e);
        }
    }

    /**
     * The page's visible text, and its frames': the UI renders what a workflow wrote in Markdown (its summary,
     * details and current details) in sandboxed frames of their own.
     */
    private static String pageText(WebDriver browser) {
        StringBuilder text = new StringBuilder(browser.findElement(By.tagName("body")).getText());
        for (WebElement frame : browser.findElements(By.tagName("iframe"))) {
            try {
                browser.switchTo().frame(frame);
                text.append('\n').append(browser.findElement(By.tagName("body")).getText());
            } catch (WebDriverException e) {
                // the frame went away as the page rendered again: the next look sees the new one
            } finally {
                browser.switchTo().defaultContent();
            }
        }
        return text.toString();
    }

    /** Clicks the tab named {@code name} once the page shows it, and waits for what it shows. */
    private static String openTab(WebDriver browser, String name, Predicate<String> condition, String what) {
        By tab = By.xpath("//*[normalize-space(text())='" + name + "']");
        try {
            new WebDriverWait(browser, UI).until(driver -> driver.findElements(tab).isEmpty() ? null
                    : driver.findElement(tab)).click();
        } catch (TimeoutException e) {
            throw new AssertionError("the Temporal UI showed no tab " + name + " within " + UI.toSeconds()
                    + " s; it showed:\n" + browser.findElement(By.tagName("body")).getText(), e);
        }
        return awaitText(browser, condition, what);
    }

    /** The page's screenshot and text under target/, for people to look at. */
    private static void keep(WebDriver browser, String name, String text) throws IOException {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                SCREENSHOT.resolveSibling(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(SCREENSHOT.resolveSibling(name + ".txt"), text);
    }

    // --- the starter and the cluster ---------------------------------------------------------------------------

    private Run succeed(String... args) {
        Run run = starter.run(args);
        assertThat(run.exit()).as("starter %s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    private JsonNode status(String app, String namespace) {
        try {
            return starter.status(app, namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkflowExecution currentRun(String workflowId) {
        return temporal.describe(TemporalView.latest(workflowId)).getWorkflowExecutionInfo().getExecution();
    }

    private static <T> T eventually(Supplier<T> read, Predicate<T> condition, String what)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(VISIBILITY);
        T last = read.get();
        while (!condition.test(last)) {
            assertThat(Instant.now()).as("%s; last seen: %s", what, last).isBefore(giveUp);
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }

    private static List<String> revisions(JsonNode status) {
        List<String> revisions = new ArrayList<>();
        for (JsonNode revision : status.get("components").get(0).get("revisions")) {
            revisions.add(revision.get("name").asText() + " " + revision.get("readyReplicas").asInt() + "/"
                    + revision.get("replicas").asInt() + " " + revision.get("weight").asInt());
        }
        return revisions;
    }

    private static int ready(KubernetesClient kube, String namespace, String name) {
        Deployment deployment = kube.apps().deployments().inNamespace(namespace).withName(name).get();
        Integer ready = deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    private static String weights(KubernetesClient kube, String namespace) {
        VirtualService service = kube.resources(VirtualService.class).inNamespace(namespace).withName("reviews").get();
        return service.getSpec().getHttp().get(0).getRoute().stream()
                .map(r -> r.getDestination().getSubset() + "=" + r.getWeight())
                .collect(Collectors.joining(","));
    }

    private static Path copyInto(String namespace, String file) throws IOException {
        Path copy = dir.resolve(namespace + "-" + file);
        Files.writeString(copy, Files.readString(SEED.resolve(file))
                .replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace));
        return copy;
    }

    /**
     * A run's history as the real server recorded it, written for {@code ReplayTest} when the build asks for it
     * ({@code -Dhistories.update=true}), as the worker's story tests write theirs.
     */
    private void exportHistory(WorkflowExecution run, String name) throws IOException {
        if (!Boolean.getBoolean("histories.update")) {
            return;
        }
        String json = stack.temporal().client().fetchHistory(run.getWorkflowId(), run.getRunId()).toJson(true);
        Files.createDirectories(HISTORIES);
        Files.writeString(HISTORIES.resolve(name + ".json"), json);
    }
}
