package dev.velatemporal.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (unknown when run from classes, as in tests). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = StarterMain.class.getPackage().getImplementationVersion();
        return new String[] {"vela-temporal " + (version != null ? version : "(development build)")};
    }
}
