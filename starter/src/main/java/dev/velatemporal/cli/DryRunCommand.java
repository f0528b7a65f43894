package dev.velatemporal.cli;

import dev.velatemporal.model.Application;
import dev.velatemporal.render.FirstDeployRenderer;
import dev.velatemporal.cli.options.ParsingConverter;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.ManifestYaml;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.yaml.LoadResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starter dry-run -f FILE}: the objects a first deploy creates, as YAML, without touching anything. */
@Command(name = "dry-run", mixinStandardHelpOptions = true,
        description = {"Print the Kubernetes and Istio objects the first deploy of the Applications in a file"
                + " creates, as a multi-document YAML stream, in the order they are applied.",
                "Shows the end state of the first generation: every component at its full size, one revision each.",
                "Nothing is applied; the file is validated first."},
        footer = {"", "Exit codes: 0 printed; 2 invalid (problems on standard error, nothing on standard output)."})
final class DryRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationFile file;

    @Option(names = "--istio-api-version", paramLabel = "VERSION", defaultValue = "v1",
            converter = IstioApiVersionConverter.class,
            description = "apiVersion of the Istio objects: v1 (default), v1beta1 or v1alpha3 (clusters before"
                    + " Istio 1.22).")
    IstioApiVersion istioApiVersion;

    @Override
    public Integer call() {
        LoadResult result = file.load(System.in, spec.commandLine().getErr());
        if (!result.isValid()) {
            return ExitCodes.INVALID;
        }
        RevisionPlanner planner = new RevisionPlanner();
        FirstDeployRenderer renderer = new FirstDeployRenderer();
        List<HasMetadata> objects = new ArrayList<>();
        for (Application application : result.applications()) {
            objects.addAll(renderer.render(application, planner.plan(application, RevisionHistory.empty()),
                    istioApiVersion));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(new ManifestYaml().write(objects));
        out.flush();
        return ExitCodes.OK;
    }

    /** Lets {@code --istio-api-version} say which versions exist when given one that does not. */
    static final class IstioApiVersionConverter extends ParsingConverter<IstioApiVersion> {
        IstioApiVersionConverter() {
            super(IstioApiVersion::parse);
        }
    }
}
