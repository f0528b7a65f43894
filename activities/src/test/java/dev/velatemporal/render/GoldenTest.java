package dev.velatemporal.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The golden comparison itself: it must find every kind of difference, and say where. */
class GoldenTest {

    private static final String GOLDEN = """
            # comments and formatting do not matter
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: reviews-v1
              labels:
                app.oam.dev/revision: reviews-v1
            spec:
              replicas: 2
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: reviews
            spec:
              ports:
              - {name: http-9080, port: 9080}
            """;

    @Test
    void equalStreamsInAnotherLayoutMatch() {
        String sameInFlowStyle = """
                ---
                {apiVersion: apps/v1, kind: Deployment, metadata: {labels: {app.oam.dev/revision: reviews-v1},
                  name: reviews-v1}, spec: {replicas: 2}}
                ---
                {apiVersion: v1, kind: Service, metadata: {name: reviews}, spec: {ports: [{port: 9080, name: http-9080}]}}
                """;
        assertThat(Golden.compare(GOLDEN, sameInFlowStyle)).isEmpty();
    }

    @Test
    void aChangedValueIsReportedWithDocumentAndPointer() {
        Optional<String> difference = Golden.compare(GOLDEN, GOLDEN.replace("replicas: 2", "replicas: 3"));

        assertThat(difference).hasValueSatisfying(d -> assertThat(d)
                .startsWith("document 1 of 2 (Deployment reviews-v1): /spec/replicas: expected 2 but was 3")
                .contains("-   replicas: 2").contains("+   replicas: 3"));
    }

    @Test
    void aChangedTypeIsADifference() {
        assertThat(Golden.compare(GOLDEN, GOLDEN.replace("replicas: 2", "replicas: \"2\"")))
                .hasValueSatisfying(d -> assertThat(d).contains("/spec/replicas: expected 2 but was \"2\""));
    }

    @Test
    void pointersEscapeTheSlashOfLabelKeys() {
        assertThat(Golden.compare(GOLDEN, GOLDEN.replace("revision: reviews-v1", "revision: reviews-v2")))
                .hasValueSatisfying(d -> assertThat(d)
                        .contains("/metadata/labels/app.oam.dev~1revision: expected \"reviews-v1\" but was \"reviews-v2\""));
    }

    @Test
    void missingAndUnexpectedFieldsAreDifferences() {
        assertThat(Golden.compare(GOLDEN, GOLDEN.replace("  replicas: 2\n", "  paused: true\n")))
                .hasValueSatisfying(d -> assertThat(d).contains("/spec/replicas: expected 2 but the field is missing"));
        assertThat(Golden.compare(GOLDEN, GOLDEN.replace("  replicas: 2\n", "  replicas: 2\n  paused: true\n")))
                .hasValueSatisfying(d -> assertThat(d).contains("/spec/paused: unexpected field, value true"));
    }

    @Test
    void listLengthAndItemsAreCompared() {
        assertThat(Golden.compare(GOLDEN, GOLDEN.replace("- {name: http-9080, port: 9080}",
                "- {name: http-9080, port: 9080}\n  - {name: http-9090, port: 9090}")))
                .hasValueSatisfying(d -> assertThat(d).contains("document 2 of 2 (Service reviews): /spec/ports: "
                        + "expected 1 items but was 2"));
    }

    @Test
    void missingOrExtraDocumentsAreNamed() {
        String onlyDeployment = GOLDEN.substring(0, GOLDEN.lastIndexOf("---"));
        assertThat(Golden.compare(GOLDEN, onlyDeployment)).hasValueSatisfying(d -> assertThat(d)
                .isEqualTo("golden has 2 documents, rendered 1; not rendered: [Service reviews]"));
        assertThat(Golden.compare(onlyDeployment, GOLDEN)).hasValueSatisfying(d -> assertThat(d)
                .isEqualTo("golden has 1 documents, rendered 2; rendered in addition: [Service reviews]"));
    }

    @Test
    void documentsInAnotherOrderAreADifference() {
        String[] parts = GOLDEN.split("---\n");
        String swapped = "---\n" + parts[2] + "---\n" + parts[1];
        assertThat(Golden.compare(GOLDEN, swapped)).hasValueSatisfying(d -> assertThat(d)
                .startsWith("document 1 of 2 (expected Deployment reviews-v1, rendered Service reviews)"));
    }

    @Test
    void integersCompareByValueNotByJavaType() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(Golden.firstDifference(mapper.valueToTree(80), mapper.valueToTree(80L), "")).isEmpty();
        assertThat(Golden.firstDifference(mapper.valueToTree(80), mapper.valueToTree(81L), "/n"))
                .contains("/n: expected 80 but was 81");
    }
}
