package dev.velatemporal.workflow;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search attributes every Application workflow keeps current, so that
 * {@code temporal workflow list --query "VelaPhase='suspended'"} finds every application waiting for approval.
 * All are Keywords (exact match). A Temporal namespace must have them before a workflow sets them, or every
 * workflow task fails: the dev stack registers them, a real server gets them from {@link #createCommands}.
 */
public final class VelaSearchAttributes {

    public static final SearchAttributeKey<String> APPLICATION = SearchAttributeKey.forKeyword("VelaApplication");
    public static final SearchAttributeKey<String> NAMESPACE = SearchAttributeKey.forKeyword("VelaNamespace");
    /** The generation's phase as the status document writes it: {@code suspended}, {@code rolledBack}... */
    public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("VelaPhase");
    /** The revision the latest generation rolls out (its first canary component's target), e.g. reviews-v2. */
    public static final SearchAttributeKey<String> REVISION = SearchAttributeKey.forKeyword("VelaRevision");

    public static final List<SearchAttributeKey<String>> ALL = List.of(APPLICATION, NAMESPACE, PHASE, REVISION);

    private VelaSearchAttributes() {}

    /** Name and type of each, for registering them. */
    public static Map<String, IndexedValueType> definitions() {
        Map<String, IndexedValueType> definitions = new LinkedHashMap<>();
        for (SearchAttributeKey<String> key : ALL) {
            definitions.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        return definitions;
    }

    /** The temporal CLI commands that create {@code names} in {@code temporalNamespace}. */
    public static List<String> createCommands(String temporalNamespace, List<String> names) {
        return names.stream()
                .map(name -> "temporal operator search-attribute create --namespace " + temporalNamespace
                        + " --name " + name + " --type Keyword")
                .toList();
    }
}
