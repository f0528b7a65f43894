package dev.velatemporal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Component revisions are named {@code <component>-v<N>}, N counting from 1. */
class RevisionNameTest {

    @ParameterizedTest(name = "{0} is revision {2} of {1}")
    @CsvSource({
        "reviews-v2, reviews, 2",
        "reviews-v1, reviews, 1",
        "my-app-v10, my-app, 10",
        "a-v1-v3, a-v1, 3",
        "x-v999999999, x, 999999999"})
    void parsesComponentAndNumber(String text, String component, int number) {
        assertThat(RevisionName.parse(text)).contains(new RevisionName(component, number));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "reviews-v0", "reviews", "reviews-v01", "reviews-v", "reviews-2", "reviews-V2", "reviewsv2", "-v2",
        "reviews-v-1", "reviews-v2 ", "reviews-v1000000000"})
    void refusesWhatIsNotARevisionName(String text) {
        assertThat(RevisionName.parse(text)).isEmpty();
    }

    @Test
    void formatsAsComponentDashVNumber() {
        assertThat(new RevisionName("reviews", 2)).hasToString("reviews-v2");
        assertThat(new RevisionName("my-app", 10)).hasToString("my-app-v10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reviews-v1", "my-app-v10", "a-v1-v3"})
    void formatThenParseGivesTheSameName(String text) {
        RevisionName name = RevisionName.parse(text).orElseThrow();

        assertThat(name.toString()).isEqualTo(text);
        assertThat(RevisionName.parse(name.toString())).contains(name);
    }

    @Test
    void nextIsTheFollowingRevisionOfTheSameComponent() {
        assertThat(new RevisionName("reviews", 2).next()).isEqualTo(new RevisionName("reviews", 3));
        assertThat(new RevisionName("my-app", 9).next()).hasToString("my-app-v10");
    }

    @Test
    void numbersStartAtOne() {
        assertThatThrownBy(() -> new RevisionName("reviews", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("revision numbers start at 1, got 0");
    }
}
