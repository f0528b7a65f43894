package dev.velatemporal.devstack;

import dev.velatemporal.cli.StarterExtension;
import java.util.List;

/** The starter's dev-only commands: {@code traffic}, which only means something against the sandbox. */
public final class DevStarterCommands implements StarterExtension {

    @Override
    public List<Object> commands() {
        return List.of(new TrafficCommand());
    }
}
