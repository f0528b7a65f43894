package dev.velatemporal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** {@code -o json} and {@code -o yaml}: a document as JSON, or as YAML the way kubectl prints it. */
final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private Documents() {}

    /** The document in {@code format}, ending with a newline; {@code table} is not a document format. */
    static String write(Object document, GlobalOptions.Output format) {
        try {
            return switch (format) {
                case json -> JSON.writeValueAsString(document) + "\n";
                case yaml -> YAML.writeValueAsString(document);
                case table -> throw new IllegalArgumentException("a table is drawn, not serialized");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the document cannot be written as " + format, e);
        }
    }
}
