package dev.velatemporal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read says why, in words a user can act on. */
class UnreadableFileTest {

    @Test
    void permissionDeniedIsSaid() {
        // Tests may run as root, who can read anything: the denial comes from the exception the JDK throws for it.
        Path file = Path.of("shop.yaml");

        String message = ApplicationLoader.unreadable(file, new AccessDeniedException(file.toString()));

        assertThat(message).isEqualTo("cannot read shop.yaml: permission denied (check its permissions, or pipe it"
                + " in with -f -)");
    }

    @Test
    void otherReasonsAreSaidAsTheSystemSaysThem() {
        String message = ApplicationLoader.unreadable(Path.of("shop.yaml"), new IOException("Input/output error"));

        assertThat(message).isEqualTo("cannot read shop.yaml: Input/output error");
    }

    @Test
    void aDirectoryIsNotAFile(@TempDir Path dir) {
        LoadResult result = new ApplicationLoader().load(dir);

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .isEqualTo("cannot read " + dir + ": it is a directory, not a file"));
    }
}
