package dev.velatemporal.sandbox;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A kubeconfig with one cluster, context and user of the same name, and no credentials (the sandbox has no
 * authentication). kubectl and client libraries warn about, or refuse, kubeconfigs others can read, so the file is
 * its owner's only; it is written beside its final place and moved there, so a reader never sees half of it.
 */
final class Kubeconfig {

    private Kubeconfig() {}

    static void write(Path file, String name, String server, String namespace) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // POSIX file systems create temporary files rw------- already.
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, yaml(name, server, namespace));
            ownerOnly(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The values are a name and a URL we made ourselves, so they need no YAML quoting beyond the URL's. */
    static String yaml(String name, String server, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: "%2$s"
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    namespace: %3$s
                    user: %1$s
                current-context: %1$s
                users:
                - name: %1$s
                  user: {}
                preferences: {}
                """.formatted(name, server, namespace);
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
