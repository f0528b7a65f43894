package dev.velatemporal.demo;

import dev.velatemporal.cli.StarterMain;
import dev.velatemporal.devstack.DevStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bookinfo story of KubeVela v1.1, told with the starter's commands against the dev stack, each chapter
 * checked against the cluster as kubectl would show it.
 */
final class BookinfoStory {

    static final List<String> FILES = List.of("first-deploy.yaml", "rollout-v2.yaml", "rollback.yaml");
    /** The rollback half of the story runs as a second copy of the Application, in its own namespace. */
    static final String ROLLBACK_NAMESPACE = "rollback-demo";
    private static final String APP = "book-info";
    private static final String COMPONENT = "reviews";

    private final DevStack stack;
    private final Path examples;
    private final Path work;
    private final Narrator narrator;
    private final ClusterView cluster;

    BookinfoStory(DevStack stack, Path examples, Path work, Narrator narrator) {
        this.stack = stack;
        this.examples = examples;
        this.work = work;
        this.narrator = narrator;
        this.cluster = new ClusterView(stack.kube());
    }

    boolean play() throws IOException {
        Instant start = Instant.now();
        canary();
        rollback();
        narrator.chapter("Summary", "");
        narrator.say("default/book-info:      reviews-v2 " + cluster.readyReplicas("default", "reviews-v2")
                + " ready, traffic " + cluster.weights("default", COMPONENT) + " (released after approval)");
        narrator.say(ROLLBACK_NAMESPACE + "/book-info: reviews-v1 " + cluster.readyReplicas(ROLLBACK_NAMESPACE,
                "reviews-v1") + " ready, traffic " + cluster.weights(ROLLBACK_NAMESPACE, COMPONENT)
                + ", no reviews-v2 (rolled back while suspended)");
        narrator.say("Every step was a Temporal activity of one durable workflow per Application (default.book-info"
                + " and " + ROLLBACK_NAMESPACE + ".book-info); " + Duration.between(start, Instant.now()).toSeconds()
                + " s in all. Run it yourself with bin/worker --dev (README: \"The seed story by hand\").");
        return true;
    }

    private void canary() {
        Path first = examples.resolve("first-deploy.yaml");
        Path rollout = examples.resolve("rollout-v2.yaml");
        narrator.chapter("First deploy", "bookinfo with reviews at revision reviews-v1 (2 replicas), behind an"
                + " Istio gateway; the workflow default.book-info starts.");
        starter(0, "apply", "-f", first.toString(), "--wait");
        expectWeights("default", Map.of(COMPONENT, 100), "after the first deploy");
        expectReady("default", "reviews-v1", 2, "after the first deploy");

        narrator.chapter("Canary: reviews-v2 to the first batch, 90/10", "rollout-v2.yaml changes the reviews image:"
                + " revision reviews-v2 gets 1 of 2 replicas, then 10% of the traffic, and the workflow suspends"
                + " for approval.");
        starter(0, "apply", "-f", rollout.toString(), "--wait");
        expectWeights("default", Map.of("reviews-v1", 90, "reviews-v2", 10), "at the approval");
        narrator.say("Refresh the page a thousand times: about 10% see the new reviews (red stars).");
        starter(0, "traffic", APP, COMPONENT, "--kubeconfig", stack.kubeconfig().toString());

        narrator.chapter("Approval", "The rollout waits at its suspend step until someone resumes it (bin/starter"
                + " resume, or temporal workflow signal --workflow-id default.book-info --name resume).");
        narrator.approval("The canary looks healthy.");
        starter(0, "resume", APP, "--wait");
        expectWeights("default", Map.of("reviews-v2", 100), "after the resume");
        expectReady("default", "reviews-v2", 2, "after the resume");
        expectReady("default", "reviews-v1", -1, "after the resume (the old revision is deleted)");
        starter(0, "traffic", APP, COMPONENT, "--kubeconfig", stack.kubeconfig().toString());
    }

    private void rollback() throws IOException {
        String ns = ROLLBACK_NAMESPACE;
        narrator.chapter("Rollback: a second copy, in namespace " + ns, "The same story up to the approval, then"
                + " rollback.yaml is applied instead of resuming: reviews-v1 takes all of it back.");
        Path first = copyInto(ns, "first-deploy.yaml");
        Path rollout = copyInto(ns, "rollout-v2.yaml");
        Path rollbackFile = copyInto(ns, "rollback.yaml");
        starter(0, "apply", "-f", first.toString(), "--wait");
        starter(0, "apply", "-f", rollout.toString(), "--wait");
        expectWeights(ns, Map.of("reviews-v1", 90, "reviews-v2", 10), "at the approval of the second copy");
        starter(0, "traffic", APP, COMPONENT, "-n", ns, "--kubeconfig", stack.kubeconfig().toString());
        narrator.say("Not approved: apply rollback.yaml (its canary-rollback step) while the rollout is suspended.");
        starter(0, "apply", "-f", rollbackFile.toString(), "--wait");
        expectWeights(ns, Map.of("reviews-v1", 100), "after the rollback");
        expectReady(ns, "reviews-v1", 2, "after the rollback");
        expectReady(ns, "reviews-v2", -1, "after the rollback (reviews-v2 is deleted)");
        starter(0, "traffic", APP, COMPONENT, "-n", ns, "--kubeconfig", stack.kubeconfig().toString());
    }

    /** Runs a starter command as a user would type it (the demo adds where its Temporal is). */
    private void starter(int expectedExit, String... args) {
        List<String> shown = new ArrayList<>();
        for (String arg : args) {
            shown.add(arg.startsWith(work.toString()) ? work.relativize(Path.of(arg)).toString() : arg);
        }
        narrator.command("bin/starter " + String.join(" ", shown));
        List<String> full = new ArrayList<>(List.of(args));
        if (!args[0].equals("traffic")) {
            full.add("--address");
            full.add(stack.temporalAddress());
        }
        int exit = StarterMain.run(full.toArray(String[]::new));
        if (exit != expectedExit) {
            throw new StoryFailure("bin/starter " + String.join(" ", shown) + " exited " + exit + ", expected "
                    + expectedExit);
        }
    }

    private void expectWeights(String namespace, Map<String, Integer> expected, String when) {
        Map<String, Integer> actual = cluster.weights(namespace, COMPONENT);
        if (!actual.equals(expected)) {
            throw new StoryFailure(namespace + "/" + COMPONENT + " VirtualService routes " + actual + " " + when
                    + ", expected " + expected);
        }
    }

    private void expectReady(String namespace, String deployment, int ready, String when) {
        int actual = cluster.readyReplicas(namespace, deployment);
        if (actual != ready) {
            throw new StoryFailure(namespace + "/" + deployment + " has " + (actual < 0 ? "no Deployment"
                    : actual + " ready replicas") + " " + when + ", expected " + (ready < 0 ? "none" : ready));
        }
    }

    /** The example file with its Application moved to {@code namespace}. */
    private Path copyInto(String namespace, String file) throws IOException {
        String yaml = Files.readString(examples.resolve(file));
        String moved = yaml.replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace);
        if (moved.equals(yaml)) {
            throw new StoryFailure(examples.resolve(file) + " has no 'namespace: default' to move the copy to "
                    + namespace);
        }
        Path copy = work.resolve(namespace).resolve(file);
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, moved);
        return copy;
    }
}
