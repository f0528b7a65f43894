package dev.velatemporal.demo;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import dev.velatemporal.devstack.DevStackException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/demo}: starts the dev stack in this process on free ports and plays the bookinfo story through the
 * starter's own commands, narrating each step. Exits 0 only if every step ended as the story says.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        version = "vela-temporal demo (development build)",
        description = {"The KubeVela v1.1 bookinfo canary, end to end, on an embedded Temporal and a sandbox"
                + " cluster: first deploy; reviews-v2 to 90/10 with the traffic measured; approval; 100% on"
                + " reviews-v2; then a second copy rolled back by applying rollback.yaml while suspended."},
        footer = {"", "Exit codes: 0 the story ran as told; 1 a step did not end as expected (it says which)."})
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--examples", defaultValue = "examples/bookinfo", paramLabel = "DIR",
            description = "Directory with first-deploy.yaml, rollout-v2.yaml and rollback.yaml (default:"
                    + " ${DEFAULT-VALUE}).")
    Path examples;

    @Option(names = "--interactive", description = "Wait for Enter at the approval, as a person would.")
    boolean interactive;

    @Option(names = "--pod-ready-delay", defaultValue = "1s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long simulated pods take to get ready (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration podReadyDelay;

    @Option(names = "--temporal", paramLabel = "embedded|cli|auto", defaultValue = "auto",
            converter = dev.velatemporal.devstack.DevStackMain.TemporalModeConverter.class,
            description = "Which Temporal to run the story on: cli is the Temporal CLI's dev server, with the"
                    + " Temporal UI to watch it in; embedded is Temporal's Java test server (no UI); auto (default)"
                    + " is cli when the CLI is installed (bin/install-temporal-cli), else embedded.")
    dev.velatemporal.devstack.TemporalServerChoice.Mode temporal;

    public static void main(String[] args) {
        DemoLog.install();
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine command = new CommandLine(new DemoMain());
        // Whatever goes wrong is one line on the terminal; the stack trace goes to the log.
        command.setExecutionExceptionHandler((e, cli, parsed) -> {
            LoggerFactory.getLogger(DemoMain.class).error("the demo failed", e);
            cli.getErr().println("demo: " + e.getMessage() + " (details in " + DemoLog.FILE + ")");
            return 1;
        });
        return command.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        for (String file : BookinfoStory.FILES) {
            if (!Files.isReadable(examples.resolve(file))) {
                System.err.println("demo: " + examples.resolve(file) + " is missing: run bin/demo from the"
                        + " project, or give --examples DIR");
                return 1;
            }
        }
        Path work = Files.createTempDirectory("vela-demo");
        out.println("vela-temporal demo: the KubeVela v1.1 bookinfo canary, on a dev Temporal and a sandbox"
                + " Kubernetes API");
        out.println("starting the dev stack (Temporal, sandbox API, simulated kubelet, worker)...");
        DevStackSettings settings = DevStackSettings.ephemeral(work, podReadyDelay).withTemporalServer(
                new dev.velatemporal.devstack.TemporalServerChoice(temporal, 0, java.util.Optional.empty()));
        try (DevStack stack = DevStack.start(settings)) {
            out.printf("dev stack ready: Temporal at %s, Kubernetes sandbox at %s, pods ready %d ms after a"
                    + " change%n", stack.temporalAddress(), stack.kubeUrl(), podReadyDelay.toMillis());
            out.println(stack.workflowPage("default.book-info")
                    .map(page -> "Temporal UI: " + stack.temporalUi().orElseThrow() + " (watch the story at " + page
                            + "; the UI stops with the demo)")
                    .orElse("No Temporal UI on the embedded Temporal: run bin/install-temporal-cli to watch the story"
                            + " in it."));
            BookinfoStory story = new BookinfoStory(stack, examples, work, new Narrator(out, interactive));
            boolean told = story.play();
            out.println("What the worker and Temporal logged: " + DemoLog.FILE);
            return told ? 0 : 1;
        } catch (DevStackException | StoryFailure e) {
            System.err.println("demo: " + e.getMessage() + " (the worker's log: " + DemoLog.FILE + ")");
            return 1;
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
