package dev.velatemporal.worker.logging;

import java.util.List;
import org.slf4j.MDC;

/**
 * Which application, generation and step a thread is working on, in the SLF4J MDC. The workflow sets it; the
 * {@link LogContextPropagator} copies it into the headers of every activity the workflow schedules, so the
 * activities' log lines carry it too. Only names and numbers: nothing from the spec's values.
 */
public final class LogContext {

    public static final String APPLICATION = "application";
    public static final String NAMESPACE = "namespace";
    public static final String GENERATION = "generation";
    public static final String STEP = "step";
    /** All of the above in one short text ("default/book-info gen 2 rollout-1st-batch"), for text log lines. */
    public static final String SUMMARY = "vela";

    static final List<String> KEYS = List.of(APPLICATION, NAMESPACE, GENERATION, STEP, SUMMARY);

    private LogContext() {}

    public static void generation(String application, String namespace, int generation) {
        MDC.put(APPLICATION, application);
        MDC.put(NAMESPACE, namespace);
        MDC.put(GENERATION, Integer.toString(generation));
        MDC.remove(STEP);
        summarize();
    }

    public static void step(String step) {
        MDC.put(STEP, step);
        summarize();
    }

    public static void noStep() {
        MDC.remove(STEP);
        summarize();
    }

    private static void summarize() {
        String step = MDC.get(STEP);
        MDC.put(SUMMARY, MDC.get(NAMESPACE) + "/" + MDC.get(APPLICATION) + " gen " + MDC.get(GENERATION)
                + (step != null ? " " + step : ""));
    }
}
