package dev.velatemporal.validation;

import dev.velatemporal.model.Application;

/** {@code metadata}: the name and namespace make the workflow ID and label every object. */
final class MetadataRules {

    void check(Application application, Problems problems) {
        checkLabel("metadata.name", application.name(), problems);
        checkLabel("metadata.namespace", application.namespace(), problems);
    }

    private void checkLabel(String path, String value, Problems problems) {
        if (value.isEmpty()) {
            return; // reported as missing when read
        }
        String problem = Names.dns1123LabelProblem(value);
        if (problem != null) {
            problems.add(path, problem);
        }
    }
}
