package dev.velatemporal.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Port numbers, wherever they appear. */
final class Ports {

    private Ports() {}

    static void check(int port, String path, Problems problems) {
        if (port < 1 || port > 65535) {
            problems.add(path, port + " is not a port: must be between 1 and 65535");
        }
    }

    static void checkList(List<Integer> ports, String path, Problems problems) {
        if (ports.isEmpty()) {
            problems.add(path, "must list at least one port");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            String portPath = FieldPath.element(path, i);
            check(ports.get(i), portPath, problems);
            if (!seen.add(ports.get(i))) {
                problems.add(portPath, "port " + ports.get(i) + " is listed twice");
            }
        }
    }
}
