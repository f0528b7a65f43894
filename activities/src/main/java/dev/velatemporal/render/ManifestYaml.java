package dev.velatemporal.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.UncheckedIOException;
import java.util.List;

/** Kubernetes objects as a multi-document YAML stream, the form {@code kubectl apply -f} takes. */
public final class ManifestYaml {

    private final ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Without it "3600" in a command would be written as 3600, a number, and the API server refuses it.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Each object a document starting with {@code ---}. */
    public String write(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            try {
                out.append(mapper.writeValueAsString(object));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write " + object.getKind() + " " + object.getMetadata().getName()
                        + " as YAML", e);
            }
        }
        return out.toString();
    }
}
