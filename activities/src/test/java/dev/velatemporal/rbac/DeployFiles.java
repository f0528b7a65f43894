package dev.velatemporal.rbac;

import dev.velatemporal.rbac.ApiAccessRecorder.Grant;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's deployment files, as the tests read them. Tests run with the module directory as working
 * directory, so the repository root is {@code ..}.
 */
final class DeployFiles {

    static final Path ROOT = Path.of("..");
    static final Path COMPOSE = ROOT.resolve("docker-compose.temporal.yml");
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path RBAC = KUBERNETES.resolve("rbac.yaml");
    /** The opt-in overlay that lets the worker deploy to every namespace. */
    static final Path CLUSTER_WIDE = DEPLOY.resolve("kubernetes-cluster-wide");
    static final Path CLUSTER_ROLE = CLUSTER_WIDE.resolve("cluster-role.yaml");

    private DeployFiles() {}

    /** Every YAML document of a file (empty documents left out), parsed with SnakeYAML's safe constructor. */
    static List<Map<String, Object>> documents(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document, file + ": a document"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
        }
        return documents;
    }

    /** The single document of a file. */
    static Map<String, Object> document(Path file) {
        List<Map<String, Object>> documents = documents(file);
        if (documents.size() != 1) {
            throw new AssertionError(file + " holds " + documents.size() + " YAML documents, expected 1");
        }
        return documents.get(0);
    }

    /** Every document of {@code kind} among {@code documents}, in order. */
    static List<Map<String, Object>> allOfKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The one document of {@code kind} among {@code documents}. */
    static Map<String, Object> ofKind(List<Map<String, Object>> documents, String kind) {
        List<Map<String, Object>> found = allOfKind(documents, kind);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " documents of kind " + kind + ", expected 1");
        }
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) map;
    }

    static List<Object> list(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(what + " is not a list: " + value);
        }
        return List.copyOf(list);
    }

    static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> current = root;
        StringBuilder where = new StringBuilder();
        for (String key : keys) {
            where.append('.').append(key);
            current = map(current.get(key), where.toString());
        }
        return current;
    }

    static String name(Map<String, Object> object) {
        return Objects.toString(path(object, "metadata").get("name"), null);
    }

    /** The namespace of a namespaced object. */
    static String namespace(Map<String, Object> object) {
        return Objects.toString(path(object, "metadata").get("namespace"), null);
    }

    /**
     * Everything a Role or ClusterRole grants, as (group, resource, verb) triples. Wildcards, {@code resourceNames}
     * and {@code nonResourceURLs} are refused: the role is meant to be an exact list.
     */
    static Set<Grant> granted(Map<String, Object> role) {
        Set<Grant> grants = new TreeSet<>();
        for (Object item : list(role.get("rules"), role.get("kind") + " rules")) {
            Map<String, Object> rule = map(item, "a rule");
            for (String field : List.of("resourceNames", "nonResourceURLs")) {
                if (rule.containsKey(field)) {
                    throw new AssertionError("rule " + rule + " uses " + field + ", which this check does not model");
                }
            }
            for (Object group : list(rule.get("apiGroups"), "apiGroups of " + rule)) {
                for (Object resource : list(rule.get("resources"), "resources of " + rule)) {
                    for (Object verb : list(rule.get("verbs"), "verbs of " + rule)) {
                        for (Object value : List.of(group, resource, verb)) {
                            if ("*".equals(value)) {
                                throw new AssertionError("rule " + rule + " uses a wildcard");
                            }
                        }
                        if (!grants.add(new Grant(group.toString(), resource.toString(), verb.toString()))) {
                            throw new AssertionError("granted twice: " + group + " " + resource + " " + verb);
                        }
                    }
                }
            }
        }
        return grants;
    }
}
