package dev.velatemporal.worker.image;

import dev.velatemporal.worker.image.Dockerfile.Copy;
import dev.velatemporal.worker.image.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stage's file system as far as its {@code COPY} lines make it, laid out in a directory that stands for the
 * stage's {@code WORKDIR}: each source taken from the build context (the repository root) as Docker takes it,
 * with what {@code .dockerignore} leaves out left out.
 */
final class BuildContext {

    private final Path root;
    private final DockerIgnore ignore;

    BuildContext(Path root, DockerIgnore ignore) {
        this.root = root;
        this.ignore = ignore;
    }

    /** Copies what {@code stage} takes from the build context into {@code workdir}. */
    void layOut(Stage stage, Path workdir) throws IOException {
        for (Copy copy : stage.copies()) {
            if (copy.from() != null) {
                throw new IllegalArgumentException("COPY --from=" + copy.from() + " in stage " + stage.name()
                        + ": only the build context is modelled here");
            }
            Path destination = host(stage, copy.destination(), workdir);
            boolean intoDirectory = copy.destination().endsWith("/") || copy.sources().size() > 1;
            for (String source : copy.sources()) {
                copy(source, destination, intoDirectory);
            }
        }
    }

    /** Where the stage's path {@code path} (absolute, or relative to its WORKDIR) is in {@code workdir}. */
    static Path host(Stage stage, String path, Path workdir) {
        String absolute = path.startsWith("/") ? path : stage.workdir() + "/" + path;
        String prefix = stage.workdir().endsWith("/") ? stage.workdir() : stage.workdir() + "/";
        if (!(absolute + "/").startsWith(prefix)) {
            throw new IllegalArgumentException(path + " is outside the WORKDIR " + stage.workdir() + " of stage "
                    + stage.name());
        }
        return workdir.resolve(absolute.substring(Math.min(prefix.length(), absolute.length()))).normalize();
    }

    private void copy(String source, Path destination, boolean intoDirectory) throws IOException {
        if (source.contains("*") || source.contains("?")) {
            throw new IllegalArgumentException("COPY source " + source + ": wildcards are not modelled here");
        }
        String relative = source.equals(".") ? "" : source.replaceAll("/+$", "");
        Path from = root.resolve(relative).normalize();
        if (!Files.exists(from) || (!relative.isEmpty() && ignore.excludes(relative))) {
            throw new AssertionError("COPY " + source + ": not in the build context (" + from + " is missing or"
                    + " left out by .dockerignore)");
        }
        if (Files.isRegularFile(from)) {
            Path to = intoDirectory ? destination.resolve(from.getFileName().toString()) : destination;
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        // A directory: its contents go into the destination, less what .dockerignore leaves out.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !ignore.excludes(root.relativize(f).toString().replace('\\', '/')))
                    .toList();
        }
        for (Path file : files) {
            Path to = destination.resolve(from.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
