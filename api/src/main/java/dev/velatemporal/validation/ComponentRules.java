package dev.velatemporal.validation;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.Trait;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.EnvVar;
import dev.velatemporal.model.WebserviceProperties.Volume;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code spec.components}: names, and the webservice properties that make the workload. */
final class ComponentRules {

    /** Room for {@code -v} and four digits within a 63-character label: revision names must stay valid. */
    static final int MAX_COMPONENT_NAME = 57;

    private static final Pattern QUANTITY =
            Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][0-9]+)?");
    /** The field naming what a volume of each type mounts; emptyDir needs none. */
    private static final Map<String, String> SOURCE_FIELD =
            Map.of("pvc", "claimName", "configMap", "cmName", "secret", "secretName");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    void check(Application application, Problems problems) {
        List<Component> components = application.components();
        if (components.isEmpty()) {
            problems.add("spec.components", "must list at least one component");
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            String path = FieldPath.element("spec.components", i);
            checkName(component.name(), path + ".name", problems);
            Integer first = firstIndex.putIfAbsent(component.name(), i);
            if (first != null && !component.name().isEmpty()) {
                problems.add(path + ".name", "duplicate component name \"" + component.name()
                        + "\" (also spec.components[" + first + "])");
            }
            if (component.type().equals(Component.WEBSERVICE)) {
                checkWebservice(component.properties(), path + ".properties", problems);
            }
            checkTraitsUnique(component, path, problems);
        }
    }

    private void checkName(String name, String path, Problems problems) {
        if (name.isEmpty()) {
            return;
        }
        String problem = Names.dns1035LabelProblem(name);
        if (problem != null) {
            problems.add(path, problem + " (it names the component's Service)");
        } else if (name.length() > MAX_COMPONENT_NAME) {
            problems.add(path, "is " + name.length() + " characters long; component names may have at most "
                    + MAX_COMPONENT_NAME + ", so that revision names (<name>-v<N>) stay within Kubernetes' 63");
        }
    }

    private void checkWebservice(WebserviceProperties properties, String path, Problems problems) {
        String image = properties.image();
        if (!image.isEmpty() && image.isBlank()) {
            problems.add(path + ".image", "must not be empty");
        } else if (image.chars().anyMatch(Character::isWhitespace)) {
            problems.add(path + ".image", "\"" + image + "\" is not an image reference: it contains white space");
        }
        Ports.check(properties.port(), path + ".port", problems);
        checkEnv(properties.env(), path + ".env", problems);
        checkQuantity(properties.cpu(), path + ".cpu", "0.5 or 500m", problems);
        checkQuantity(properties.memory(), path + ".memory", "256Mi or 1Gi", problems);
        if (properties.imagePullPolicy() != null && !PULL_POLICIES.contains(properties.imagePullPolicy())) {
            problems.add(path + ".imagePullPolicy", "\"" + properties.imagePullPolicy() + "\" is not a pull policy; "
                    + "supported: " + String.join(", ", PULL_POLICIES));
        }
        checkVolumes(properties.volumes(), path + ".volumes", problems);
    }

    private void checkEnv(List<EnvVar> env, String path, Problems problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < env.size(); i++) {
            String name = env.get(i).name();
            String namePath = FieldPath.element(path, i) + ".name";
            if (!name.isEmpty() && !Names.isEnvVarName(name)) {
                problems.add(namePath, "\"" + name + "\" is not a valid environment variable name: letters, digits, "
                        + "'_', '-' and '.', not starting with a digit");
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null && !name.isEmpty()) {
                problems.add(namePath, "duplicate environment variable \"" + name + "\" (also " + path + "[" + first
                        + "])");
            }
        }
    }

    private void checkQuantity(String value, String path, String examples, Problems problems) {
        if (value != null && !QUANTITY.matcher(value).matches()) {
            problems.add(path, "\"" + value + "\" is not a Kubernetes quantity, e.g. " + examples);
        }
    }

    private void checkVolumes(List<Volume> volumes, String path, Problems problems) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> mountPaths = new HashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume volume = volumes.get(i);
            String volumePath = FieldPath.element(path, i);
            if (!volume.name().isEmpty()) {
                String problem = Names.dns1123LabelProblem(volume.name());
                if (problem != null) {
                    problems.add(volumePath + ".name", problem);
                }
                Integer first = names.putIfAbsent(volume.name(), i);
                if (first != null) {
                    problems.add(volumePath + ".name", "duplicate volume name \"" + volume.name() + "\" (also "
                            + path + "[" + first + "])");
                }
            }
            if (!volume.mountPath().isEmpty()) {
                if (!volume.mountPath().startsWith("/")) {
                    problems.add(volumePath + ".mountPath", "\"" + volume.mountPath() + "\" must be an absolute path");
                }
                Integer first = mountPaths.putIfAbsent(volume.mountPath(), i);
                if (first != null) {
                    problems.add(volumePath + ".mountPath", "\"" + volume.mountPath() + "\" is already mounted by "
                            + path + "[" + first + "]");
                }
            }
            checkVolumeSource(volume, volumePath, problems);
        }
    }

    private void checkVolumeSource(Volume volume, String path, Problems problems) {
        if (volume.type().isEmpty()) {
            return;
        }
        if (!Volume.TYPES.contains(volume.type())) {
            problems.add(path + ".type", "unknown volume type \"" + volume.type() + "\"; supported: "
                    + String.join(", ", Volume.TYPES));
            return;
        }
        String needed = SOURCE_FIELD.get(volume.type());
        Map<String, String> given = new LinkedHashMap<>();
        given.put("claimName", volume.claimName());
        given.put("cmName", volume.cmName());
        given.put("secretName", volume.secretName());
        given.forEach((field, value) -> {
            if (field.equals(needed) && (value == null || value.isEmpty())) {
                problems.add(path + "." + field, "is required for a " + volume.type() + " volume");
            } else if (!field.equals(needed) && value != null) {
                problems.add(path + "." + field, "does not apply to a " + volume.type() + " volume"
                        + (needed == null ? "" : " (it takes " + needed + ")"));
            }
        });
        if (volume.medium() != null) {
            if (!volume.type().equals("emptyDir")) {
                problems.add(path + ".medium", "applies to emptyDir volumes only");
            } else if (!volume.medium().isEmpty() && !volume.medium().equals("Memory")) {
                problems.add(path + ".medium", "\"" + volume.medium() + "\" is not a medium; use \"\" or Memory");
            }
        }
    }

    private void checkTraitsUnique(Component component, String path, Problems problems) {
        Map<String, Integer> seen = new HashMap<>();
        List<Trait> traits = component.traits();
        for (int i = 0; i < traits.size(); i++) {
            Integer first = seen.putIfAbsent(traits.get(i).type(), i);
            if (first != null) {
                problems.add(FieldPath.element(path + ".traits", i) + ".type", "trait \"" + traits.get(i).type()
                        + "\" appears twice (also " + path + ".traits[" + first + "])");
            }
        }
    }
}
