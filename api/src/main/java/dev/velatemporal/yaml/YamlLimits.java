package dev.velatemporal.yaml;

/**
 * How much YAML we are willing to read. Applications are a few kilobytes; these bounds turn hostile input (alias
 * bombs, deep nesting, huge files) into a clear error in milliseconds, long before memory or time runs short.
 *
 * @param maxBytes the largest file accepted
 * @param maxNestingDepth the deepest nesting of mappings and lists
 * @param maxAliases how many aliases to mappings or lists a file may use
 * @param maxDocuments how many documents one file may hold
 */
public record YamlLimits(int maxBytes, int maxNestingDepth, int maxAliases, int maxDocuments) {

    public static final YamlLimits DEFAULT = new YamlLimits(1024 * 1024, 64, 50, 100);
}
