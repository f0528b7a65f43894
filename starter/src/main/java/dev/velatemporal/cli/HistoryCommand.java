package dev.velatemporal.cli;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.GenerationRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code starter history APP}: the Application's latest generations, from the workflow's own record (the
 * {@code history} query, carried across continue-as-new): what each deployed, who applied it, who approved its
 * suspended steps, who stopped it, and how it ended.
 */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show an Application's latest generations: what each deployed, who applied it and when, who"
                + " resumed (approved) it, who rolled it back or deleted it, and how it ended.",
        footer = {"", "Exit codes: 0 shown; 1 cannot reach Temporal, no such application, or no worker answering."})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (TemporalConnection connection = globals.open()) {
            List<GenerationRecord> generations = globals.client(connection).history(app.ref());
            out.print(globals.output == GlobalOptions.Output.table ? render(generations)
                    : Documents.write(generations, globals.output));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * One block per generation, oldest first:
     *
     * <pre>
     * generation 2  succeeded  generation 2 succeeded
     *   spec      productpage: productpage-v1, reviews: reviews-v2 (new)
     *   applied   by bob@ci at 17:40:02
     *   approved  by carol@desk at 17:41:30 (resume at step manual-approval)
     * </pre>
     */
    static String render(List<GenerationRecord> generations) {
        if (generations.isEmpty()) {
            return "no generation yet\n";
        }
        StringBuilder out = new StringBuilder();
        for (GenerationRecord g : generations) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("generation ").append(g.generation()).append("  ")
                    .append(g.phase() != null ? g.phase().value() : "unknown");
            if (!g.message().isEmpty()) {
                out.append("  ").append(g.message());
            }
            out.append('\n');
            if (!g.spec().isEmpty()) {
                line(out, "spec", g.spec());
            }
            line(out, "applied", g.applied() != null ? "by " + g.applied().byAt()
                    : "by someone not recorded (before this record was kept)");
            for (Attribution approval : g.approved()) {
                line(out, "approved", "by " + approval.byAt() + " (" + approval.what() + ")");
            }
            if (g.stopped() != null) {
                line(out, "stopped", "by " + g.stopped().byAt() + " (" + g.stopped().what() + ")");
            }
            if (g.ended() && !g.endedAt().equals("unknown")) {
                line(out, "ended", "at " + Attribution.clock(g.endedAt()));
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append("  ").append(String.format("%-9s", label)).append(' ').append(text).append('\n');
    }
}
