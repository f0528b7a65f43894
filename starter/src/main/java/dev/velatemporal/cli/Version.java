package dev.velatemporal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version Maven built, from a resource it filled in: the same from the jar and from the classes tests run, where
 * a jar manifest would say nothing.
 */
final class Version implements IVersionProvider {

    static final String RESOURCE = "vela-starter-version.properties";

    @Override
    public String[] getVersion() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Unreadable: the versions below say so.
        }
        return new String[] {"vela-temporal " + properties.getProperty("version", "(unknown version)")
                + " (Temporal Java SDK " + properties.getProperty("temporal", "unknown") + ")"};
    }
}
